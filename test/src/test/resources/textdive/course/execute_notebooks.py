"""execute_notebooks.py OUT_DIR NOTEBOOK...: runs each notebook through the textdive-java kernel with
nbclient, as nbconvert --execute does (a fresh kernel per notebook, started in the notebook's folder),
and writes the executed copy to OUT_DIR/<index>.ipynb. Prints one line per notebook:
'<index> ok <seconds>' or '<index> failed <seconds> <error>'. Debian's /usr/bin/python3."""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

out_dir = sys.argv[1]
for index, path in enumerate(sys.argv[2:]):
    t0 = time.monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="textdive-java", timeout=900, startup_timeout=120,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        client.execute()
        nbformat.write(nb, os.path.join(out_dir, "%d.ipynb" % index))
        print("%d ok %.1f" % (index, time.monotonic() - t0), flush=True)
    except Exception as e:  # the Java test reports it for this notebook and goes on with the others
        message = " ".join(str(e).split())[:2000]
        print("%d failed %.1f %s: %s" % (index, time.monotonic() - t0, type(e).__name__, message), flush=True)
