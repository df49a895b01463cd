package textdive.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import textdive.io.AtomicFiles;
import textdive.io.FileTrees;

/**
 * Installs the {@code textdive-java} kernelspec: a folder with {@code kernel.json} and the kernel's
 * class path in {@code lib/}, so the installed kernel does not depend on the clone it came from: it
 * keeps working after the clone is moved, cleaned ({@code mvn clean}) or deleted. Jars from the
 * Maven repository are hard-linked where the file system allows (they never change), everything
 * else is copied.
 *
 * <pre>KernelInstaller --classpath-file FILE [--user | --prefix DIR | --sys-prefix]</pre>
 *
 * Default {@code --user}: {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else
 * {@code ~/.local/share/jupyter}. {@code --prefix DIR}: {@code DIR/share/jupyter} (as
 * {@code jupyter kernelspec install --prefix}); {@code --sys-prefix}: {@code /usr/local/share/jupyter}.
 *
 * <p>{@code kernel.json} starts the JDK that installed it, and records that JDK's version: a kernel
 * that finds itself on another JDK says so in its log at start ({@link #javaMismatch}).
 */
public final class KernelInstaller {
    /**
     * JVM options of the kernel process. C1 only ({@code -XX:TieredStopAtLevel=1}), chosen by what a learner
     * waits for (kernel/README.md has the figures): the kernel starts and runs a notebook sooner with it, and
     * tokenizing all 100,000 IMDb reviews the first time takes as long as with the full JIT.
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "-Djava.awt.headless=true", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** System properties kernel.json sets: the JDK the kernel was installed with. */
    static final String INSTALLED_JAVA = "textdive.installed.java";
    static final String INSTALLED_JAVA_HOME = "textdive.installed.java.home";

    private KernelInstaller() {}

    public static void main(String[] args) throws IOException {
        String classpath = null;
        Path dataDir = userDataDir();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--classpath-file" -> classpath = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8).strip();
                case "--user" -> dataDir = userDataDir();
                case "--prefix" -> dataDir = Paths.get(args[++i]).toAbsolutePath().resolve("share/jupyter");
                case "--sys-prefix" -> dataDir = Paths.get("/usr/local/share/jupyter");
                default -> {
                    System.err.println("unknown option " + args[i] + "; usage: install-kernel [--user | --prefix DIR | --sys-prefix]");
                    System.exit(2);
                }
            }
        }
        if (classpath == null) classpath = System.getProperty("java.class.path");
        List<Path> entries = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) if (!e.isBlank()) entries.add(Paths.get(e));
        Path dir = install(dataDir, entries, System.getenv("TEXTDIVE_MIRROR"));
        System.out.println("installed kernelspec " + Notebook.KERNEL_NAME + " (\"" + Notebook.KERNEL_DISPLAY_NAME + "\") in " + dir
                + " (its class path is copied there: moving or cleaning the clone does not break it)");
    }

    static Path userDataDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) return Paths.get(env);
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "jupyter");
        return Paths.get(System.getProperty("user.home"), ".local", "share", "jupyter");
    }

    /**
     * Writes {@code DATA_DIR/kernels/textdive-java/} with the class path in {@code lib/} and
     * {@code kernel.json} (last, atomically), and returns the folder.
     */
    public static Path install(Path dataDir, List<Path> classpath, String mirror) throws IOException {
        Path dir = dataDir.resolve("kernels").resolve(Notebook.KERNEL_NAME);
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) { // left by an install that was killed
            for (Path p : (Iterable<Path>) old::iterator) if (p.getFileName().toString().startsWith(".lib-")) FileTrees.deleteRecursively(p);
        }
        Path lib = dir.resolve("lib");
        // created as any folder (honouring the umask), so a system-wide kernelspec is readable by all
        Path staging = Files.createDirectory(dir.resolve(".lib-" + Long.toHexString(System.nanoTime())));
        try {
            List<Path> installed = copyClasspath(classpath, staging);
            FileTrees.deleteRecursively(lib);
            Files.move(staging, lib, StandardCopyOption.ATOMIC_MOVE);
            List<Path> entries = installed.stream().map(p -> lib.resolve(staging.relativize(p))).toList();
            AtomicFiles.writeString(dir.resolve("kernel.json"), Notebook.toJupyterJson(kernelJson(entries, mirror)), StandardCharsets.UTF_8);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
        return dir;
    }

    private static List<Path> copyClasspath(List<Path> classpath, Path into) throws IOException {
        List<Path> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int n = 0;
        for (Path entry : classpath) {
            Path src = entry.toAbsolutePath().normalize();
            if (!Files.exists(src)) {
                // as for java itself, a missing folder is an empty one; a missing jar is a broken build
                if (!src.toString().endsWith(".jar")) continue;
                throw new IOException("class path entry " + src + " does not exist (build first: ./textdive classpath)");
            }
            String name = src.getFileName().toString();
            if (!names.add(name)) name = (++n) + "-" + name;
            Path dst = into.resolve(name);
            if (Files.isDirectory(src)) copyTree(src, dst);
            else linkOrCopy(src, dst);
            out.add(dst);
        }
        return out;
    }

    /** Maven repository jars never change once downloaded: a hard link is as good as a copy. */
    private static void linkOrCopy(Path src, Path dst) throws IOException {
        if (inMavenRepository(src)) {
            try {
                Files.createLink(dst, src);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // another file system, or no hard links: copy
            }
        }
        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
    }

    static boolean inMavenRepository(Path p) {
        String repo = System.getProperty("maven.repo.local");
        Path m2 = repo != null ? Paths.get(repo) : Paths.get(System.getProperty("user.home"), ".m2", "repository");
        return p.startsWith(m2.toAbsolutePath().normalize());
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    static JsonObject kernelJson(List<Path> classpath, String mirror) {
        JsonArray argv = new JsonArray();
        argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        JVM_OPTIONS.forEach(argv::add);
        argv.add("-D" + INSTALLED_JAVA + "=" + Runtime.version());
        argv.add("-D" + INSTALLED_JAVA_HOME + "=" + System.getProperty("java.home"));
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        argv.add(KernelMain.class.getName());
        argv.add("{connection_file}");
        JsonObject env = new JsonObject();
        env.addProperty("TF_CPP_MIN_LOG_LEVEL", "1");
        if (mirror != null && !mirror.isBlank()) env.addProperty("TEXTDIVE_MIRROR", mirror);
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", Notebook.KERNEL_DISPLAY_NAME);
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        spec.add("env", env);
        return spec;
    }

    /**
     * One line saying that this kernel runs on another JDK than the one it was installed with (and
     * what to run), or null when they agree or nothing was recorded.
     */
    static String javaMismatch() {
        String installed = System.getProperty(INSTALLED_JAVA);
        if (installed == null || installed.isBlank()) return null;
        Runtime.Version was;
        try {
            was = Runtime.Version.parse(installed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (was.feature() == Runtime.version().feature()) return null;
        return "this kernel was installed with Java " + installed + " (" + System.getProperty(INSTALLED_JAVA_HOME)
                + ") but runs on Java " + Runtime.version() + " (" + System.getProperty("java.home")
                + "); to match them, run ./textdive install-kernel in the textdive clone with the JDK you want";
    }
}
