package textdive.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a yardstick script of {@code scripts/} with Debian's PyTorch 1.13 ({@code python3-torch}), set up as fast
 * as that build goes on this machine, in the same benchmark invocation as ours: a speed claim is a ratio measured
 * side by side.
 *
 * <p>Two settings matter. OpenBLAS's default pthread build busy-waits and makes PyTorch about 5× slower on 2 cores,
 * so the OpenMP build ({@code libopenblas0-openmp}) goes first on the library path. And OpenBLAS 0.3.21 does not
 * know every CPU: on a newer one it falls back to its generic "Prescott" kernels (SSE3, a sixth of the speed), so
 * the core type is set from the CPU's own flags when OpenBLAS would not recognise it.
 */
final class PyTorchYardstick {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path OPENMP_BLAS = Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp");

    private PyTorchYardstick() {
    }

    /** Whether Debian's python3 with torch is installed. */
    static boolean available() {
        if (!Files.isExecutable(PYTHON)) return false;
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why the yardstick cannot run, for the table's footnote. */
    static String unavailableReason() {
        return Files.isExecutable(PYTHON) ? PYTHON + " has no torch (apt-get install python3-torch libopenblas0-openmp)"
                : "no " + PYTHON + " (apt-get install python3-torch libopenblas0-openmp)";
    }

    /** The environment the yardstick runs in, and a line saying what was set. */
    static Map<String, String> environment(Map<String, String> env, List<String> notes) {
        if (Files.isDirectory(OPENMP_BLAS)) {
            String old = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", OPENMP_BLAS + (old == null || old.isBlank() ? "" : ":" + old));
            notes.add("OpenBLAS OpenMP build (" + OPENMP_BLAS + ")");
        } else {
            notes.add("WARNING: no OpenBLAS OpenMP build (apt-get install libopenblas0-openmp); the pthread build busy-waits");
        }
        String core = openblasCoreFor(cpuFlags());
        String preset = env.get("OPENBLAS_CORETYPE");
        if (preset != null) {
            // A machine-wide setting wins, but the table must say so: it can hold PyTorch to older kernels.
            notes.add("OPENBLAS_CORETYPE=" + preset + " (from the environment"
                    + (core != null && !core.equals(preset) ? "; this CPU's flags suggest " + core + ", used when it is unset" : "") + ")");
        } else if (core != null) {
            env.put("OPENBLAS_CORETYPE", core);
            notes.add("OPENBLAS_CORETYPE=" + core + " (from the CPU flags; OpenBLAS 0.3.21 may not recognise this CPU)");
        }
        return env;
    }

    /** OpenBLAS's kernel family for a CPU with these /proc/cpuinfo flags (Intel or AMD x86-64), or null. */
    static String openblasCoreFor(List<String> flags) {
        boolean amd = flags.contains("amd");
        if (flags.contains("amx_tile") && flags.contains("avx512_bf16")) return "SapphireRapids";
        if (flags.contains("avx512_bf16")) return "Cooperlake";
        if (flags.contains("avx512f")) return amd ? "Zen" : "SkylakeX";
        if (flags.contains("avx2") && flags.contains("fma")) return amd ? "Zen" : "Haswell";
        return null;
    }

    /** The flags of the first CPU in /proc/cpuinfo, plus "amd" on AMD machines. */
    static List<String> cpuFlags() {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("vendor_id") && line.contains("AMD")) out.add("amd");
                if (line.startsWith("flags")) {
                    out.addAll(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    break;
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Runs {@code scripts/NAME} with the arguments and parses the last line it prints as JSON. */
    static JsonObject runJson(Path root, String script, List<String> args, List<String> notes) throws IOException, InterruptedException {
        return runJson(root, script, args, notes, line -> { });
    }

    /** As {@link #runJson(Path, String, List, List)}, handing every line to {@code progress} as it is printed (long runs). */
    static JsonObject runJson(Path root, String script, List<String> args, List<String> notes, Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), root.resolve("scripts").resolve(script).toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb.environment(), notes);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                progress.accept(line);
            }
        }
        if (!p.waitFor(4, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IOException("the PyTorch yardstick failed: " + String.join(" ", cmd) + "\n" + out);
        }
        String last = out.toString().strip().lines().reduce((a, b) -> b).orElse("");
        return JsonParser.parseString(last).getAsJsonObject();
    }

    /** The repository root (the {@code textdive} launcher sets {@code textdive.root}). */
    static Path root() {
        String r = System.getProperty("textdive.root");
        return Path.of(r != null ? r : ".").toAbsolutePath().normalize();
    }
}
