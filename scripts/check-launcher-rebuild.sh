#!/usr/bin/env bash
# A rebuild must not break a command that is running: `./textdive` rebuilds the jars when sources change, and a
# notebook or benchmark started earlier may still be loading classes from the jars it started with. This starts a JVM
# on the launcher's class path, has it load one library class, rebuilds (a library source touched), then has it load
# classes it had not loaded yet, and checks the jars it started with are still there, byte for byte. CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/textdive-launcher.XXXXXX")"
trap 'exec 3>&- 2>/dev/null || true; kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/Late.java" <<'JAVA'
public class Late {
    public static void main(String[] args) throws Exception {
        System.out.println("started " + Class.forName("textdive.config.Settings").getSimpleName());
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        for (String c : new String[] {"textdive.doctor.NvidiaDriver", "textdive.bench.SpacyParity", "textdive.ulmfit.Stages"})
            System.out.println("loaded " + Class.forName(c).getSimpleName() + " (" + Class.forName(c).getDeclaredMethods().length + " methods)");
    }
}
JAVA

before="$(./textdive classpath)"
jars=()
IFS=':' read -r -a entries <<< "$before"
for e in "${entries[@]}"; do [[ "$e" == "$PWD"/* ]] && jars+=("$e"); done
sums="$(sha256sum "${jars[@]}")"

mkfifo "$work/go"
java -cp "$before" "$work/Late.java" < "$work/go" > "$work/out" 2>&1 &
pid=$!
exec 3>"$work/go"
for _ in $(seq 100); do grep -q '^started' "$work/out" && break; sleep 0.2; done
grep -q '^started' "$work/out" || { cat "$work/out" >&2; echo "FAIL the JVM did not start" >&2; exit 1; }

touch lib/src/main/java/textdive/config/Settings.java
after="$(./textdive classpath)"
[[ "$after" != "$before" ]] || { echo "FAIL touching a library source did not rebuild" >&2; exit 1; }

echo >&3
exec 3>&-
status=0
wait "$pid" || status=$?
cat "$work/out"
if [[ $status -ne 0 || "$(grep -c '^loaded' "$work/out")" -ne 3 ]]; then
  echo "FAIL a JVM started before the rebuild could not load its classes afterwards" >&2
  exit 1
fi
echo "$sums" | sha256sum --check --quiet || { echo "FAIL the jars a running JVM started with changed" >&2; exit 1; }
echo "ok   a JVM started before a rebuild loads its classes after it; its jars are unchanged"
