#!/usr/bin/env bash
# kernel-starts.sh [N]: start the real textdive-java kernel N times in a row (headless, through
# nbclient), run a small notebook on each and check its outputs. Prints every start and a summary
# (starts ok/failed, median start and run time); exits 1 if any start failed.
#
# The kernelspec is installed into a temporary prefix (JUPYTER_PATH), so the user's Jupyter setup
# is not touched. Needs Debian's python3-nbclient (use /usr/bin/python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-50}"
PY="${PYTHON:-/usr/bin/python3}"
"$PY" -c 'import nbclient, nbformat' 2>/dev/null \
  || { echo "kernel-starts: $PY lacks nbclient/nbformat (apt-get install python3-nbclient jupyter-client)" >&2; exit 2; }
PREFIX="$(mktemp -d "${TMPDIR:-/tmp}/textdive-kernelspec.XXXXXX")"
trap 'rm -rf "$PREFIX"' EXIT
"$ROOT/textdive" install-kernel --prefix "$PREFIX" >&2
JUPYTER_PATH="$PREFIX/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}" exec "$PY" "$ROOT/scripts/kernel_starts.py" "$N"
