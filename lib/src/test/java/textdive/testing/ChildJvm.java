package textdive.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test class path in another JVM: for kill -9, other processes' locks, small heaps, strace. */
public final class ChildJvm {
    private ChildJvm() {}

    /** The command line: {@code prefix} (e.g. strace and its options), java, {@code jvmOptions}, the class and its arguments. */
    public static List<String> command(List<String> prefix, List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code main} with its output merged into one stream. */
    public static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), jvmOptions, main, args)).redirectErrorStream(true).start();
    }
}
