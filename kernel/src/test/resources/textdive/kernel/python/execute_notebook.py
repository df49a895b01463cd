"""execute_notebook.py IN OUT [allow_errors]: runs a notebook through the textdive-java kernel with
nbclient (as nbconvert --execute does) and saves the executed copy."""
import sys

import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
allow_errors = len(sys.argv) > 3 and sys.argv[3] == "allow_errors"
NotebookClient(nb, kernel_name="textdive-java", timeout=600, startup_timeout=120, allow_errors=allow_errors).execute()
nbformat.write(nb, sys.argv[2])
