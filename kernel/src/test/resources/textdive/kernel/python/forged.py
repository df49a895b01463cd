"""Forged and unsigned messages on shell and control, each followed by a good one: the bad ones
must be dropped (never executed) and every channel must keep answering."""
import os
import time

from jupyter_client.session import Session
from jupyter_client.utils import run_sync

from kernel_client import execute, outputs, report, shell_reply, start, stop

km, kc = start()
r = {}
marker = os.environ["MARKER"]
try:
    wrong = Session(key=b"not-the-kernels-key", username="mallory", session="forged")
    unsigned = Session(key=b"", username="mallory", session="forged")
    forged_code = 'java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");' % marker
    for name, session in [("wrong_key", wrong), ("unsigned", unsigned)]:
        # shell: a forged execute_request, then a good kernel_info_request
        session.send(kc.shell_channel.socket, session.msg("execute_request", {
            "code": forged_code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}))
        time.sleep(0.5)
        msg_id = kc.kernel_info()
        r["shell_after_" + name] = shell_reply(kc, msg_id, timeout=30)["content"]["status"]
        # control: a forged interrupt, then a good kernel_info_request on control
        session.send(kc.control_channel.socket, session.msg("interrupt_request", {}))
        time.sleep(0.5)
        msg = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(msg)
        reply = run_sync(kc.control_channel.get_msg)(timeout=30)
        r["control_after_" + name] = reply["content"]["status"] if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"] else "wrong reply"
    # a correctly signed message sent again verbatim (a replay) is dropped, as jupyter_client drops it
    replayed = marker + ".replayed"
    msg = kc.session.msg("execute_request", {
        "code": 'java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran ", java.nio.file.StandardOpenOption.CREATE,'
                ' java.nio.file.StandardOpenOption.APPEND);' % replayed,
        "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    kc.session.send(kc.shell_channel.socket, msg)
    shell_reply(kc, msg["header"]["msg_id"], timeout=60)
    kc.session.send(kc.shell_channel.socket, msg)
    time.sleep(0.5)
    r["shell_after_replay"] = shell_reply(kc, kc.kernel_info(), timeout=30)["content"]["status"]
    with open(replayed) as f:
        r["replayed_runs"] = f.read()
    # a header whose msg_type is not a string is dropped, and shell keeps answering
    msg = kc.session.msg("kernel_info_request", {})
    msg["header"]["msg_type"] = {"not": "a type"}
    kc.session.send(kc.shell_channel.socket, msg)
    time.sleep(0.5)
    r["shell_after_bad_header"] = shell_reply(kc, kc.kernel_info(), timeout=30)["content"]["status"]
    # a good execute still runs, and the forged ones did not
    reply, msgs = execute(kc, "6 * 7")
    r["execute_after"] = outputs(msgs)
    r["forged_code_ran"] = os.path.exists(marker)
finally:
    stop(km, kc)
report(r)
