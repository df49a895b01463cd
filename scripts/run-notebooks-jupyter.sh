#!/usr/bin/env bash
# run-notebooks-jupyter.sh [NOTEBOOK.ipynb|DIR...]: execute notebooks through the real
# textdive-java kernel with nbconvert (default: every notebook in notebooks/ and solutions/), write
# the executed copies to a temporary folder (the originals are not modified), fail on any cell error
# or timeout, and print a per-notebook time table.
#
# Environment: CELL_TIMEOUT (seconds per cell, default 900), TEXTDIVE_SCALE (default ci),
# KEEP_OUTPUT=DIR (keep the executed copies there). Needs Debian's jupyter-nbconvert (/usr/bin/python3).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
export TEXTDIVE_SCALE="${TEXTDIVE_SCALE:-ci}"
"$PY" -c 'import nbconvert' 2>/dev/null \
  || { echo "run-notebooks-jupyter: $PY lacks nbconvert (apt-get install --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/textdive-nbrun.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
OUT="${KEEP_OUTPUT:-$WORK/executed}"
mkdir -p "$OUT"
"$ROOT/textdive" install-kernel --prefix "$WORK/prefix" >&2 || exit 2
export JUPYTER_PATH="$WORK/prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for d in notebooks solutions; do [[ -d "$ROOT/$d" ]] && targets+=("$ROOT/$d"); done
fi
notebooks=()
for t in "${targets[@]}"; do
  if [[ -d "$t" ]]; then
    while IFS= read -r f; do notebooks+=("$f"); done < <(find "$t" -maxdepth 1 -name '*.ipynb' | sort)
  elif [[ -f "$t" ]]; then
    notebooks+=("$t")
  else
    echo "run-notebooks-jupyter: no such notebook or folder: $t" >&2; exit 2
  fi
done
[[ ${#notebooks[@]} -gt 0 ]] || { echo "run-notebooks-jupyter: no notebooks found" >&2; exit 2; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rows=(); failed=0; total_start=$(now_ms)
for nb in "${notebooks[@]}"; do
  rel="${nb#"$ROOT"/}"
  dest="$OUT/$(echo "$rel" | tr '/' '_')"
  log="$WORK/log.txt"
  echo "== $rel" >&2
  t0=$(now_ms)
  # cwd of the kernel is the notebook's own folder, as in Jupyter; only the output goes elsewhere
  if "$PY" -m jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=textdive-java \
      --ExecutePreprocessor.timeout="${CELL_TIMEOUT:-900}" \
      --ExecutePreprocessor.startup_timeout=120 \
      --output "$(basename "$dest")" --output-dir "$(dirname "$dest")" "$nb" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED; failed=$((failed + 1))
    tail -n 40 "$log" >&2
  fi
  rows+=("$(awk -v n="$rel" -v ms=$(( $(now_ms) - t0 )) -v s="$status" 'BEGIN { printf "%-52s %8.1f s  %s", n, ms / 1000, s }')")
done

echo
printf '%-52s %10s  %s\n' "notebook (real kernel, TEXTDIVE_SCALE=$TEXTDIVE_SCALE)" "time" "status"
printf '%s\n' "${rows[@]}"
awk -v n="total (${#notebooks[@]} notebooks)" -v ms=$(( $(now_ms) - total_start )) 'BEGIN { printf "%-52s %8.1f s\n", n, ms / 1000 }'
if [[ $failed -gt 0 ]]; then
  echo "run-notebooks-jupyter: $failed notebook(s) failed" >&2
  exit 1
fi
