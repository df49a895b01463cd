package textdive.kernel;

import textdive.io.AtomicFiles;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Installs the {@code textdive-java} kernelspec: {@code kernel.json} whose argv starts this JVM's
 * {@code java} with the library and its dependencies on the class path, so notebooks need no magics.
 *
 * <pre>KernelInstaller --classpath-file FILE [--user | --prefix DIR | --sys-prefix]</pre>
 *
 * Default {@code --user}: {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else
 * {@code ~/.local/share/jupyter}. {@code --prefix DIR}: {@code DIR/share/jupyter} (as
 * {@code jupyter kernelspec install --prefix}); {@code --sys-prefix}: {@code /usr/local/share/jupyter}.
 */
public final class KernelInstaller {
    /** JVM options of the kernel process. */
    public static final List<String> JVM_OPTIONS = List.of(
            "-Djava.awt.headless=true", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

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
        Path dir = install(dataDir, classpath, System.getenv("TEXTDIVE_MIRROR"));
        System.out.println("installed kernelspec " + Notebook.KERNEL_NAME + " (\"" + Notebook.KERNEL_DISPLAY_NAME + "\") in " + dir);
    }

    static Path userDataDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) return Paths.get(env);
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) return Paths.get(xdg, "jupyter");
        return Paths.get(System.getProperty("user.home"), ".local", "share", "jupyter");
    }

    /** Writes {@code DATA_DIR/kernels/textdive-java/kernel.json} atomically and returns its folder. */
    public static Path install(Path dataDir, String classpath, String mirror) throws IOException {
        Path dir = dataDir.resolve("kernels").resolve(Notebook.KERNEL_NAME);
        AtomicFiles.writeString(dir.resolve("kernel.json"), Notebook.toJupyterJson(kernelJson(classpath, mirror)), StandardCharsets.UTF_8);
        return dir;
    }

    static JsonObject kernelJson(String classpath, String mirror) {
        JsonArray argv = new JsonArray();
        argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        JVM_OPTIONS.forEach(argv::add);
        String root = System.getProperty("textdive.root");
        if (root != null && !root.isBlank()) argv.add("-Dtextdive.root=" + root);
        argv.add("-cp");
        argv.add(classpath);
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
}
