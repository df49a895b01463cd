#!/usr/bin/env bash
# Checks the Maven profile that switches TensorFlow's native build, without downloading it: `dependency:tree`
# only collects the dependency graph (poms), so the 526 MB GPU jar is never fetched. The default must resolve
# tensorflow-core-native's CPU classifier, `-Pgpu` the GPU one. CI runs this; the GPU build itself cannot be
# exercised here (no GPU with CUDA 12 on this project's machines).
set -euo pipefail
cd "$(dirname "$0")/.."

native() { # the tensorflow-core-native classifier Maven resolves with these arguments
  local out log
  out="$(mktemp)" log="$(mktemp)"
  if ! mvn -B -ntp -q -Dstyle.color=never "$@" -pl lib dependency:tree -Dincludes=org.tensorflow:tensorflow-core-native \
      -DoutputFile="$out" >"$log" 2>&1; then
    cat "$log" >&2
  fi
  sed -n 's/.*org\.tensorflow:tensorflow-core-native:jar:\([^:]*\):[0-9][^:]*:[a-z]*$/\1/p' "$out"
  rm -f "$out" "$log"
}

fail=0
for case in "default=linux-x86_64" "-Pgpu=linux-x86_64-gpu"; do
  args="${case%%=*}" want="${case#*=}"
  if [[ "$args" == default ]]; then got="$(native)"; else got="$(native "$args")"; fi
  if [[ "$got" == "$want" ]]; then
    echo "ok   mvn ${args/default/(no profile)}: tensorflow-core-native:$got"
  else
    echo "FAIL mvn ${args/default/(no profile)}: tensorflow-core-native:${got:-nothing}, expected $want" >&2
    fail=1
  fi
done
exit $fail
