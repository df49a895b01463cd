package textdive.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the doctor reads about the machine, gathered in one place so that a test can describe another machine.
 *
 * @param env              the environment variables ({@code LD_LIBRARY_PATH}, {@code PATH})
 * @param ldCache          the dynamic loader's cache ({@code ldconfig -p}): library file name to path, x86-64 only
 * @param defaultLibDirs   the folders the loader searches last, whatever its cache says
 * @param hintDirs         where CUDA libraries often are without being on the loader's path (CUDA toolkits under
 *                         {@code /usr/local}, pip's {@code nvidia-*-cu12} wheels)
 * @param includeDirs      system header folders, for {@code cudnn_version.h}
 * @param procDriverVersion the text of {@code /proc/driver/nvidia/version}, when the NVIDIA kernel module is loaded
 * @param nvidiaSmi        {@code nvidia-smi} found on the {@code PATH}
 * @param nvidiaSmiOutput  what {@code nvidia-smi --query-gpu=NvidiaDriver.QUERY --format=csv,noheader} printed,
 *                         or its error
 */
public record Host(Map<String, String> env, Map<String, Path> ldCache, List<Path> defaultLibDirs, List<Path> hintDirs,
                   List<Path> includeDirs, Optional<String> procDriverVersion, Optional<Path> nvidiaSmi,
                   Optional<String> nvidiaSmiOutput) {
    private static final Pattern CACHE_LINE = Pattern.compile("^\\s*(\\S+)\\s+\\(([^)]*)\\)\\s+=>\\s+(\\S+)\\s*$");

    /** This machine. Runs {@code ldconfig -p} and, when it is there, {@code nvidia-smi}. */
    public static Host current() {
        Map<String, String> env = System.getenv();
        Optional<Path> smi = onPath(env.get("PATH"), "nvidia-smi");
        return new Host(env, ldconfigCache(), List.of(Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/usr/lib")),
                cudaHintDirs(Path.of(System.getProperty("user.home"))),
                List.of(Path.of("/usr/include"), Path.of("/usr/include/x86_64-linux-gnu"), Path.of("/usr/local/cuda/include")),
                read(Path.of("/proc/driver/nvidia/version")), smi,
                smi.map(p -> run(p.toString(), "--query-gpu=" + NvidiaDriver.QUERY, "--format=csv,noheader")));
    }

    /** {@code LD_LIBRARY_PATH}, or empty. */
    public String ldLibraryPath() {
        return env.getOrDefault("LD_LIBRARY_PATH", "");
    }

    /** Parses {@code ldconfig -p}: {@code "\tlibcudart.so.12 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudart.so.12"}. */
    static Map<String, Path> parseLdconfig(String text) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = CACHE_LINE.matcher(line);
            if (m.matches() && m.group(2).contains("x86-64")) out.putIfAbsent(m.group(1), Path.of(m.group(3)));
        }
        return out;
    }

    private static Map<String, Path> ldconfigCache() {
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(exe))) return parseLdconfig(run(exe, "-p"));
        }
        return Map.of();
    }

    /** CUDA toolkits under /usr/local and the library folders of pip's NVIDIA wheels. */
    static List<Path> cudaHintDirs(Path home) {
        List<Path> out = new ArrayList<>();
        for (Path cuda : glob(Path.of("/usr/local"), "cuda*")) {
            for (String sub : List.of("lib64", "lib", "targets/x86_64-linux/lib")) out.add(cuda.resolve(sub));
        }
        List<Path> sitePackages = new ArrayList<>();
        for (Path py : glob(Path.of("/usr/local/lib"), "python3*")) sitePackages.add(py.resolve("dist-packages"));
        for (Path py : glob(Path.of("/usr/lib"), "python3*")) sitePackages.add(py.resolve("dist-packages"));
        for (Path py : glob(home.resolve(".local/lib"), "python3*")) sitePackages.add(py.resolve("site-packages"));
        for (Path site : sitePackages) {
            for (Path wheel : glob(site.resolve("nvidia"), "*")) out.add(wheel.resolve("lib"));
        }
        return out.stream().filter(Files::isDirectory).distinct().toList();
    }

    private static List<Path> glob(Path dir, String pattern) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            s.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    static Optional<Path> onPath(String path, String exe) {
        if (path == null) return Optional.empty();
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.isReadable(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The command's output (stdout and stderr), or a line saying why it could not run. */
    private static String run(String... cmd) {
        Path log = null;
        try {
            // into a file, not a pipe: a wedged driver can hang nvidia-smi, and the timeout must still fire
            log = Files.createTempFile("textdive-doctor", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "error: " + String.join(" ", cmd) + " did not finish in 20 s";
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? out : "error: " + String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out.strip();
        } catch (IOException e) {
            return "error: " + String.join(" ", cmd) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file left in /tmp
                }
            }
        }
    }
}
