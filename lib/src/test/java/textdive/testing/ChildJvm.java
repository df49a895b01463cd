package textdive.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Starts a main class of the test class path in another JVM: for kill -9, other processes' locks, small heaps, strace, other users. */
public final class ChildJvm {
    private ChildJvm() {}

    /** The command line: {@code prefix} (e.g. strace and its options), java, {@code jvmOptions}, the class and its arguments. */
    public static List<String> command(List<String> prefix, List<String> jvmOptions, Class<?> main, String... args) {
        return command(prefix, jvmOptions, System.getProperty("java.class.path"), main, args);
    }

    private static List<String> command(List<String> prefix, List<String> jvmOptions, String classPath, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code main} with its output merged into one stream. */
    public static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), jvmOptions, main, args)).redirectErrorStream(true).start();
    }

    /** True when this process runs as root (then file permissions do not stop it, but they stop {@link #startAsNobody}). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts {@code main} as user {@code nobody} (uid 65534) with {@code setpriv}: for tests of what a
     * user without permissions sees, when the tests run as root. The class path is copied into
     * {@code readable} (which must be a folder every user can read) first.
     */
    public static Process startAsNobody(Path readable, Class<?> main, String... args) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (Path p : classPathEntries()) {
            Path copy = readable.resolve("cp" + i++ + (Files.isDirectory(p) ? "" : ".jar"));
            if (!Files.exists(copy)) copyTree(p, copy); // copied once per folder
            entries.add(copy.toString());
        }
        List<String> prefix = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        return new ProcessBuilder(command(prefix, List.of("-Duser.home=" + readable), String.join(":", entries), main, args))
                .redirectErrorStream(true).start();
    }

    /** A folder under the temporary folder that every user can read and enter. */
    public static Path readableTempDir() throws IOException {
        return Files.createTempDirectory("textdive-test", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** The test class path, with surefire's manifest-only jar expanded. */
    static List<Path> classPathEntries() throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null && jar.getEntry("textdive") == null && p.getFileName().toString().contains("surefire")) {
                        for (String u : cp.trim().split("\\s+")) out.add(Path.of(URI.create(u.startsWith("file:") ? u : "file:" + u)));
                        continue;
                    }
                }
            }
            out.add(p);
        }
        return new ArrayList<>(out);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to);
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
