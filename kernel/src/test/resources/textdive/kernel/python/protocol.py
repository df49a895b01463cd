"""One kernel, many protocol observations (see KernelMessagesTest for what is checked)."""
import re

from kernel_client import collect, date_text, execute, outputs, report, shell_reply, start, stop

km, kc = start()
r = {}
try:
    # replies carry a status and dates with microseconds
    msg_id = kc.kernel_info()
    info = shell_reply(kc, msg_id)
    r["kernel_info_status"] = info["content"].get("status")
    r["kernel_info_date"] = date_text(info)

    # an error arrives as an error message
    reply, msgs = execute(kc, 'String s = null;\ns.length()')
    r["error_reply"] = reply["content"]
    r["error_outputs"] = outputs(msgs)

    # a recursion's frames are folded
    execute(kc, "int down(int n) { return down(n + 1); }")
    reply, msgs = execute(kc, "down(0)")
    r["overflow_outputs"] = outputs(msgs)

    # a class's name in an exception reads as written
    execute(kc, "class Box {}")
    reply, msgs = execute(kc, "Object o = new Box();\nString t = (String) o;")
    r["cast_outputs"] = outputs(msgs)

    # display(x) as the last line shows x once and no Out[n]
    reply, msgs = execute(kc, 'display("shown")')
    r["display_last_outputs"] = outputs(msgs)

    # silent requests and requests without history leave the counter alone
    reply, _ = execute(kc, "1 + 1")
    before = reply["content"]["execution_count"]
    reply, msgs = execute(kc, 'System.out.println("quiet"); 5', silent=True)
    r["silent_outputs"] = outputs(msgs)
    reply, _ = execute(kc, "2", store_history=False)
    reply, _ = execute(kc, "3")
    r["counter_before_after"] = [before, reply["content"]["execution_count"]]

    # history
    msg_id = kc.history(hist_access_type="tail", n=2, output=True, raw=True)
    r["history_tail"] = shell_reply(kc, msg_id)["content"]
    msg_id = kc.history(hist_access_type="search", pattern="1 +*", output=False, raw=True)
    r["history_search"] = shell_reply(kc, msg_id)["content"]

    # is_complete judges the whole cell
    verdicts = {}
    for code in ["int a = 1;", "int a = 1;\nfor (int i = 0; i < 3; i++) {", "int a = 1;\nint b = (2 +", "int a = 1;\n]]"]:
        msg_id = kc.is_complete(code)
        verdicts[code] = shell_reply(kc, msg_id)["content"]
    r["is_complete"] = verdicts

    # cursor positions count code points: completion after an emoji
    execute(kc, 'String emoji = "\U0001F600";')
    code = 'String pre = "\U0001F600"; emoji.toUpperC'
    msg_id = kc.complete(code, len(code))
    r["complete_emoji"] = {"code_points": len(code), "reply": shell_reply(kc, msg_id)["content"]}

    # inspect on a method name and on a library class
    code = "System.out.println"
    msg_id = kc.inspect(code, len(code) - 2)
    r["inspect_jdk_method"] = shell_reply(kc, msg_id)["content"]
    code = "textdive.viz.Display.display("
    msg_id = kc.inspect(code, len(code))
    r["inspect_library"] = shell_reply(kc, msg_id)["content"]

    # comm_info has a status too
    msg_id = kc.comm_info()
    r["comm_info"] = shell_reply(kc, msg_id)["content"]

    # a request with a field of the wrong type is answered with status error naming the field (no
    # reply would leave the client waiting), and the counter is left alone
    msg = kc.session.msg("complete_request", {"code": "Str", "cursor_pos": "end"})
    kc.shell_channel.send(msg)
    r["complete_wrong_type"] = shell_reply(kc, msg["header"]["msg_id"])["content"]
    reply, _ = execute(kc, "1")
    before = reply["content"]["execution_count"]
    msg = kc.session.msg("execute_request", {"code": {"not": "code"}, "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    kc.shell_channel.send(msg)
    r["execute_wrong_type"] = shell_reply(kc, msg["header"]["msg_id"])["content"]
    reply, _ = execute(kc, "1")
    r["execute_wrong_type_counter"] = [before, reply["content"]["execution_count"]]

    # input_request on stdin
    msg_id = kc.execute('var sc = new Scanner(System.in);\nSystem.out.print("name? ");\n"hello " + sc.nextLine()', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=60)
    r["input_request"] = {"type": req["msg_type"], "parent": req["parent_header"].get("msg_id") == msg_id,
                          "content": req["content"]}
    kc.input("Ada \U0001F600")
    reply = shell_reply(kc, msg_id)
    r["input_outputs"] = outputs(collect(kc, msg_id))
    r["input_reply"] = reply["content"]["status"]
    reply, msgs = execute(kc, "new Scanner(System.in).nextLine()", allow_stdin=False)
    r["no_stdin_outputs"] = outputs(msgs)

    # 100,000 lines from one cell
    reply, msgs = execute(kc, 'for (int i = 0; i < 100_000; i++) System.out.println("line " + i);')
    streams = [m["content"]["text"] for m in msgs if m["msg_type"] == "stream"]
    r["flood"] = {"status": reply["content"]["status"], "iopub_messages": len(msgs),
                  "stream_messages": len(streams), "text": "".join(streams)}

    # a cell that prints for a second: its lines are batched, not one message each
    reply, msgs = execute(kc, 'for (int i = 0; i < 2000; i++) {\n  System.out.println("n" + i);\n  if (i % 100 == 0) Thread.sleep(50);\n}')
    streams = [m["content"]["text"] for m in msgs if m["msg_type"] == "stream"]
    r["trickle"] = {"status": reply["content"]["status"], "stream_messages": len(streams), "text": "".join(streams)}
finally:
    stop(km, kc)
report(r)
