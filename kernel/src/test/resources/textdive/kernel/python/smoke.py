"""Starts the installed kernel and runs one cell that uses the library."""
from kernel_client import execute, outputs, report, start, stop

km, kc = start()
try:
    reply, msgs = execute(kc, 'textdive.course.Scale.class.getSimpleName() + " " + (6 * 7)')
    report({"status": reply["content"]["status"], "outputs": outputs(msgs)})
finally:
    stop(km, kc)
