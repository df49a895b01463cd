"""Run All with a failing or interrupted cell: the queued cells must be aborted and none of them run."""
import time

from kernel_client import collect, execute, outputs, report, shell_reply, start, stop

km, kc = start()
r = {}


def statuses(ids):
    return [shell_reply(kc, i)["content"]["status"] for i in ids]


try:
    execute(kc, "int ran = 0;")

    # stop_on_error: cell 2 fails, cells 3 and 4 were sent with it
    ids = [kc.execute(c, stop_on_error=True) for c in ["ran++;", "undefinedName + 1", "ran++;", "ran++;"]]
    r["after_error"] = statuses(ids)
    for i in ids:
        collect(kc, i)
    reply, msgs = execute(kc, "ran")
    r["ran_after_error"] = outputs(msgs)

    # interrupt: a long cell with three cells queued behind it
    ids = [kc.execute("long spins = 0;\nwhile (true) { spins++; }")]
    ids += [kc.execute(c) for c in ["ran++;", "ran++;", 'System.out.println("queued cell ran");']]
    time.sleep(2)
    t0 = time.monotonic()
    km.interrupt_kernel()
    first = shell_reply(kc, ids[0])
    r["interrupt_seconds"] = time.monotonic() - t0
    r["interrupted"] = {"status": first["content"]["status"], "ename": first["content"].get("ename")}
    r["after_interrupt"] = statuses(ids[1:])
    queued_output = []
    for i in ids:
        queued_output += outputs(collect(kc, i))
    r["interrupt_outputs"] = queued_output

    # the next cell is not hit by the interrupt meant for the previous one
    reply, msgs = execute(kc, "Thread.sleep(500);\nran")
    r["next_cell"] = {"status": reply["content"]["status"], "outputs": outputs(msgs)}

    # library code that only waits: the interrupt ends the wait
    ids = [kc.execute("Thread.sleep(600_000);"), kc.execute("ran++;")]
    time.sleep(1.5)
    km.interrupt_kernel()
    r["sleep_interrupted"] = statuses(ids)
    for i in ids:
        collect(kc, i)

    # without stop_on_error the queue goes on, as in ipykernel
    ids = [kc.execute(c, stop_on_error=False) for c in ["undefinedName + 1", "ran++;"]]
    r["no_stop_on_error"] = statuses(ids)
    for i in ids:
        collect(kc, i)
finally:
    stop(km, kc)
report(r)
