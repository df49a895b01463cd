"""Helpers for the kernel tests: start the installed textdive-java kernel and talk to it with
jupyter_client, collecting every message a request causes. Run with Debian's /usr/bin/python3."""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def start():
    return start_new_kernel(kernel_name="textdive-java", startup_timeout=TIMEOUT)


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


_iopub = {}
_shell = {}


def collect(kc, msg_id, timeout=TIMEOUT):
    """IOPub messages caused by msg_id, up to and including its idle status (messages of other
    requests read meanwhile are kept for them)."""
    out = _iopub.setdefault(msg_id, [])
    deadline = time.monotonic() + timeout
    while not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in out):
        m = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        _iopub.setdefault(m["parent_header"].get("msg_id"), []).append(m)
    return _iopub.pop(msg_id)


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    """The reply to msg_id (replies to other requests read meanwhile are kept for them)."""
    deadline = time.monotonic() + timeout
    while msg_id not in _shell:
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        _shell[m["parent_header"].get("msg_id")] = m
    return _shell.pop(msg_id)


def execute(kc, code, **kw):
    """(reply, iopub messages) of one execute_request."""
    msg_id = kc.execute(code, **kw)
    reply = shell_reply(kc, msg_id)
    return reply, collect(kc, msg_id)


def outputs(msgs):
    """The outputs among IOPub messages, as (type, content)."""
    return [(m["msg_type"], m["content"]) for m in msgs if m["msg_type"] not in ("status", "execute_input")]


def report(results):
    """Prints the observations for the Java test to check, as one JSON line."""
    print("RESULT " + json.dumps(results, default=str), flush=True)


def date_text(msg):
    """header.date as sent (jupyter_client parses it into a datetime)."""
    d = msg["header"]["date"]
    return d.isoformat() if hasattr(d, "isoformat") else str(d)
