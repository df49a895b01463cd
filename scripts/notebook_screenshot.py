"""What a learner sees: opens a notebook in Debian's Jupyter Notebook server with the textdive-java
kernel, runs its cells one by one in headless Chromium as a learner would (or all at once with
--run-all), and saves a screenshot of the page, or of one cell while it runs (--live CELL --after S).

    /usr/bin/python3 scripts/notebook_screenshot.py NOTEBOOK.ipynb OUT.png [--width 1100]
        [--run-all] [--live CELL --after SECONDS] [--cells-until CELL]

CELL is a 1-based code cell number. The kernelspec is installed into a temporary prefix and the
server runs on a free port with a random token; both are removed at the end. Needs jupyter-notebook
(python3-notebook), chromium and python3-tornado from Debian. The notebook file is not modified
(the server runs on a copy)."""
import argparse
import asyncio
import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from tornado.websocket import websocket_connect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=2).read()
        except Exception:
            time.sleep(0.3)
    raise RuntimeError("no answer from " + url)


class Page:
    """A Chromium tab driven over the DevTools protocol."""

    def __init__(self, ws):
        self.ws, self.n = ws, 0

    async def call(self, method, **params):
        self.n += 1
        self.ws.write_message(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            m = json.loads(await self.ws.read_message())
            if m.get("id") == self.n:
                if "error" in m:
                    raise RuntimeError(method + ": " + json.dumps(m["error"]))
                return m.get("result", {})

    async def js(self, expr):
        r = await self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        return r.get("result", {}).get("value")

    async def until(self, expr, seconds=600):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if await self.js(expr):
                return
            await asyncio.sleep(0.25)
        raise RuntimeError("timed out waiting for " + expr)


BUSY = "Array.from(document.querySelectorAll('.input_prompt')).some(p => p.textContent.includes('*'))"


async def drive(devtools_port, url, out, args):
    targets = json.loads(wait_http("http://127.0.0.1:%d/json/list" % devtools_port))
    target = [t for t in targets if t["type"] == "page"][0]
    page = Page(await websocket_connect(target["webSocketDebuggerUrl"], max_message_size=512 * 1024 * 1024))
    await page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=1000, deviceScaleFactor=1, mobile=False)
    await page.call("Page.navigate", url=url)
    await page.until("typeof Jupyter !== 'undefined' && Jupyter.notebook && Jupyter.notebook.kernel"
                     " && Jupyter.notebook.kernel.is_connected()", 180)
    await page.js("Jupyter.notebook.clear_all_output(); true")
    code = await page.js("Jupyter.notebook.get_cells().map((c, i) => c.cell_type === 'code' ? i : -1).filter(i => i >= 0)")
    last = len(code) if args.cells_until is None else args.cells_until
    live = args.live
    if args.run_all:
        await page.js("Jupyter.notebook.execute_all_cells(); true")
        await asyncio.sleep(1)
        await page.until("!(" + BUSY + ")", 3600)
    else:
        for n, index in enumerate(code[:last], start=1):
            await page.js("Jupyter.notebook.execute_cells([%d]); true" % index)
            if n == live:
                await asyncio.sleep(args.after)
                break
            await asyncio.sleep(0.3)
            await page.until("!(" + BUSY + ")", 3600)
    await asyncio.sleep(0.5)
    refresh = "Jupyter.notebook.get_cells().forEach(c => c.code_mirror && c.code_mirror.refresh()); true"
    if live:
        # the notebook scrolls inside #site, not the page: bring the cell to the top of a tall viewport
        await page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=2400, deviceScaleFactor=1, mobile=False)
        await page.js(refresh)
        await page.js("Jupyter.notebook.get_cell(%d).element[0].scrollIntoView(); true" % code[live - 1])
        await asyncio.sleep(0.5)
        box = await page.js("(() => { const r = Jupyter.notebook.get_cell(%d).element[0].getBoundingClientRect();"
                            " return [r.left, r.top, r.width, r.height]; })()" % code[live - 1])
        shot = await page.call("Page.captureScreenshot", format="png",
                               clip={"x": box[0], "y": box[1], "width": box[2], "height": min(box[3], 4000), "scale": 1})
    else:
        height = await page.js("document.getElementById('notebook').scrollHeight + 300")
        await page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=min(int(height), 16000),
                        deviceScaleFactor=1, mobile=False)
        await page.js(refresh)
        await asyncio.sleep(1)
        shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    with open(out, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebook")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=1100)
    ap.add_argument("--run-all", action="store_true", help="Cell > Run All instead of one cell at a time")
    ap.add_argument("--live", type=int, help="screenshot this code cell while it runs")
    ap.add_argument("--after", type=float, default=10, help="seconds after --live's cell starts")
    ap.add_argument("--cells-until", type=int, help="run code cells up to this one")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="textdive-screenshot.")
    procs = []
    try:
        subprocess.run([os.path.join(ROOT, "textdive"), "install-kernel", "--prefix", os.path.join(work, "prefix")],
                       check=True, stdout=subprocess.DEVNULL)
        folder = os.path.dirname(os.path.abspath(args.notebook))
        name = "screenshot-" + secrets.token_hex(4) + ".ipynb"  # not hidden: the server refuses those
        shutil.copy(args.notebook, os.path.join(folder, name))
        # the server's own files (trust database, secrets, connection files) stay in the temporary
        # folder: the user's Jupyter folders are left untouched
        env = dict(os.environ, JUPYTER_PATH=os.path.join(work, "prefix", "share", "jupyter"),
                   JUPYTER_DATA_DIR=os.path.join(work, "data"), JUPYTER_RUNTIME_DIR=os.path.join(work, "runtime"),
                   JUPYTER_CONFIG_DIR=os.path.join(work, "config"))
        port, token, devtools = free_port(), secrets.token_hex(16), free_port()
        server = ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--port", str(port),
                  "--NotebookApp.token=" + token, "--notebook-dir=" + folder]
        if os.geteuid() == 0:
            server.append("--allow-root")
        procs.append(subprocess.Popen(server, env=env, stdout=open(os.path.join(work, "server.log"), "w"), stderr=subprocess.STDOUT))
        wait_http("http://127.0.0.1:%d/api?token=%s" % (port, token))
        procs.append(subprocess.Popen(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                       "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                       "--no-first-run", "--user-data-dir=" + os.path.join(work, "chromium"),
                                       "--remote-debugging-port=%d" % devtools, "about:blank"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        url = "http://127.0.0.1:%d/notebooks/%s?token=%s" % (port, name, token)
        try:
            asyncio.run(drive(devtools, url, args.out, args))
        except Exception:
            with open(os.path.join(work, "server.log")) as log:
                sys.stderr.write("notebook server log:\n" + "".join(log.readlines()[-30:]))
            raise
        with open(os.path.join(work, "server.log")) as log:
            limited = [l for l in log if "rate exceeded" in l]
        print("saved %s%s" % (args.out, " (the server dropped output: IOPub rate exceeded)" if limited else ""))
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        copy = os.path.join(os.path.dirname(os.path.abspath(args.notebook)), locals().get("name", ""))
        if locals().get("name") and os.path.exists(copy):
            os.remove(copy)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
