"""N consecutive starts of the textdive-java kernel through nbclient; see kernel-starts.sh."""
import statistics
import sys
import time

import nbformat
from nbclient import NotebookClient

CELLS = [
    ('System.out.println("hello from " + Runtime.version().feature());', "stream", "hello from"),
    ("var id = display(\"a\");\nupdate(id, \"b\");\n6 * 7", "execute_result", "42"),
]


def small_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "textdive-java", "display_name": "Java (textdive)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src, _, _ in CELLS]
    return nb


def check(nb):
    for cell, (_, kind, text) in zip(nb.cells, CELLS):
        outs = [o for o in cell.outputs if o.output_type == kind]
        body = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outs)
        if text not in body:
            raise AssertionError(f"cell {cell.source!r}: expected {kind} with {text!r}, got {cell.outputs}")
    shown = [o for o in nb.cells[1].outputs if o.output_type == "display_data"]
    if [o.data["text/plain"] for o in shown] != ["b"]:
        raise AssertionError(f"update_display_data not applied: {nb.cells[1].outputs}")


def one_start():
    nb = small_notebook()
    client = NotebookClient(nb, timeout=60, startup_timeout=60, kernel_name="textdive-java")
    t0 = time.monotonic()
    client.km = client.create_kernel_manager()
    try:
        client.start_new_kernel()
        client.start_new_kernel_client()
        ready = time.monotonic() - t0
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        total = time.monotonic() - t0
    finally:
        client._cleanup_kernel()
    check(nb)
    return ready, total


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    ok, failed, starts, totals = 0, 0, [], []
    for i in range(1, n + 1):
        try:
            ready, total = one_start()
            ok += 1
            starts.append(ready)
            totals.append(total)
            print(f"start {i:3d}: ok      ready {ready:5.2f} s, notebook done {total:5.2f} s", flush=True)
        except Exception as e:  # a failed start is a result, not a crash
            failed += 1
            print(f"start {i:3d}: FAILED  {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", flush=True)
    print()
    print(f"kernel starts: {ok}/{n} ok, {failed} failed")
    if starts:
        print(f"median start (launch -> kernel_info reply): {statistics.median(starts):.2f} s "
              f"(min {min(starts):.2f}, max {max(starts):.2f})")
        print(f"median launch -> 2-cell notebook done:     {statistics.median(totals):.2f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
