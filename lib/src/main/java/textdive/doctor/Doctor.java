package textdive.doctor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import textdive.config.Settings;
import textdive.course.Scale;
import textdive.doctor.GpuCheck.Finding;
import textdive.doctor.GpuCheck.Level;

/**
 * {@code ./textdive doctor}: the Java, the TensorFlow build and the devices it sees, the thread, scale and dataset
 * settings, and, when a GPU is expected and TensorFlow does not list one, one line per missing piece with what to
 * install. Exits with 1 when something is missing or wrong, 0 otherwise.
 *
 * <p>The host is looked at before TensorFlow loads, so the report comes even when its native library cannot load.
 */
public final class Doctor {
    private final Host host;
    private final NativeBuild build;
    private final PrintStream out;
    private final List<Finding> problems = new ArrayList<>();

    Doctor(Host host, NativeBuild build, PrintStream out) {
        this.host = host;
        this.build = build;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("usage: textdive doctor   (no arguments; ./textdive --gpu doctor checks the GPU build)");
            System.exit(2);
        }
        System.exit(new Doctor(Host.current(), NativeBuild.onClassPath(), System.out).run().isEmpty() ? 0 : 1);
    }

    /** Prints the report; returns the problems found (empty: all is well). */
    List<Finding> run() {
        out.println("textdive doctor");
        line("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("java.vm.name") + ", " + System.getProperty("java.home"));
        line("TF Java", NativeBuild.mavenVersion("org.tensorflow", "tensorflow-core-api").map(v -> "tensorflow-core-api " + v)
                .orElse("tensorflow-core-api not on the class path"));
        line("Native build", build.describe());
        if (build.cpuJar().isEmpty() && build.gpuJar().isEmpty()) {
            problem(Level.ERROR, "no TensorFlow native build on the class path: build with ./textdive (or mvn package), which puts it there");
        } else if (build.cpuJar().isPresent() && build.gpuJar().isPresent()) {
            out.println("  " + new Finding(Level.WARNING, "keep one of the two builds on the class path"));
        }

        GpuCheck.Result gpu = GpuCheck.check(host, build.gpu());

        int threads = setting("TEXTDIVE_THREADS", Settings::threads).orElse(Runtime.getRuntime().availableProcessors());
        List<TensorFlowDevices.Device> devices = List.of();
        if (build.cpuJar().isPresent() || build.gpuJar().isPresent()) {
            try {
                String version = TensorFlowDevices.tensorFlowVersion();
                line("TensorFlow", version + ", loaded from " + NativeBuild.loadedFrom().orElse("(unknown)"));
                devices = TensorFlowDevices.list(threads, threads);
                for (TensorFlowDevices.Device d : devices) {
                    line(d == devices.get(0) ? "Devices" : "", d.name() + (d.type().equals("CPU") ? "" : " (" + mb(d.memoryBytes()) + ")"));
                }
            } catch (Throwable e) { // a native library that does not load throws Errors; the report must still come
                problem(Level.ERROR, "TensorFlow did not start: " + e + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
            }
        }

        Optional<Boolean> grappler = setting("TEXTDIVE_GRAPPLER", Settings::grappler);
        line("Threads", "TensorFlow intra-op " + threads + ", inter-op " + threads + " (TEXTDIVE_THREADS "
                + raw("textdive.threads", "TEXTDIVE_THREADS", "unset: all " + Runtime.getRuntime().availableProcessors() + " cores") + ")"
                + grappler.map(g -> "; grappler " + (g ? "on" : "off") + " (TEXTDIVE_GRAPPLER " + raw("textdive.grappler", "TEXTDIVE_GRAPPLER", "unset") + ")")
                .orElse(""));
        setting("TEXTDIVE_SCALE", Scale::current).ifPresent(s -> line("Scale", s.name().toLowerCase(Locale.ROOT)
                + " (TEXTDIVE_SCALE " + raw("textdive.scale", "TEXTDIVE_SCALE", "unset") + ")"));
        line("Datasets", Settings.dataDir() + " (TEXTDIVE_DATA)");
        line("Mirror", Settings.mirror().map(m -> m + (Files.isDirectory(m) ? "" : " - not a folder, so not used")).orElse("none")
                + " (TEXTDIVE_MIRROR)");
        setting("TEXTDIVE_OFFLINE", Settings::offline).ifPresent(o -> line("Downloads", (o ? "never (offline)" : "allowed") + " (TEXTDIVE_OFFLINE)"));
        line("Token cache", Settings.tokenCache() + " (TEXTDIVE_CACHE)");
        line("JavaCPP cache", System.getProperty("org.bytedeco.javacpp.cachedir", Path.of(System.getProperty("user.home"), ".javacpp", "cache")
                + " (the default)") + ": TensorFlow's native build is unpacked there (CPU 0.7 GB, GPU 1.3 GB)");

        out.println();
        line("GPU", gpu.why());
        for (Finding f : gpu.findings()) {
            out.println("  " + f);
            if (f.level().problem()) problems.add(f);
        }
        boolean gpuListed = devices.stream().anyMatch(d -> d.type().equalsIgnoreCase("GPU"));
        if (gpuListed) {
            out.println("  " + new Finding(Level.OK, "TensorFlow lists a GPU: textdive's graphs run there"));
        } else if (build.gpu() && !devices.isEmpty()) {
            String why = gpu.problems() ? "see the MISSING lines above" : "run with TF_CPP_MIN_LOG_LEVEL=0 to read TensorFlow's reasons";
            problem(Level.MISSING, "a GPU in TensorFlow's device list: it lists only " + String.join(", ", devices.stream().map(TensorFlowDevices.Device::type).toList())
                    + "; " + why);
        }

        out.println();
        out.println(problems.isEmpty() ? "No problems found." : problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + " (the MISSING and ERROR lines above).");
        return List.copyOf(problems);
    }

    private void line(String label, String text) {
        out.printf("%-14s%s%n", label, text);
    }

    private void problem(Level level, String text) {
        Finding f = new Finding(level, text);
        problems.add(f);
        out.println("  " + f);
    }

    /** A setting's value, or empty after reporting the error that names it. */
    private <T> Optional<T> setting(String name, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (IllegalArgumentException e) {
            problem(Level.ERROR, e.getMessage());
            return Optional.empty();
        }
    }

    private static String raw(String property, String env, String unset) {
        String v = Settings.get(property, env);
        return v == null ? unset : "= " + v;
    }

    private static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30)) : (bytes >> 20) + " MB";
    }
}
