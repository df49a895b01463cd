package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: on JDK 22+ JShell's own execution engine rewrites snippets to call a class
 * ({@code REPL.$Cancel$}) that an engine built on {@code LocalExecutionControl} never defines, so every
 * cell failed with {@code NoClassDefFoundError}. Cells must run, stop and refuse {@code System.exit} on
 * any JDK from 17 on: checked with another JDK found on this machine ({@code TEXTDIVE_OTHER_JDK}, else
 * the newest other one under /usr/lib/jvm).
 */
class OtherJdkTest {
    @TempDir
    Path dir;

    static Optional<Path> otherJava() throws IOException {
        String env = System.getenv("TEXTDIVE_OTHER_JDK");
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env, "bin", "java"));
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        Path mine = Path.of(System.getProperty("java.home")).toRealPath();
        try (Stream<Path> s = Files.list(jvms)) {
            return s.filter(p -> Files.isExecutable(p.resolve("bin/java")) && Files.isRegularFile(p.resolve("release")))
                    .filter(p -> {
                        try {
                            return !p.toRealPath().equals(mine) && !release(p).equals(Runtime.version().feature() + "");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .max(Comparator.comparing(OtherJdkTest::releaseNumber))
                    .map(p -> p.resolve("bin/java"));
        }
    }

    private static String release(Path jdk) throws IOException {
        for (String line : Files.readAllLines(jdk.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) return line.substring(14).replace("\"", "").split("[.+]")[0];
        }
        return "";
    }

    private static int releaseNumber(Path jdk) {
        try {
            return Integer.parseInt(release(jdk));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    @Test
    void cellsRunOnAnotherJdkToo() throws Exception {
        Optional<Path> java = otherJava();
        assumeTrue(java.isPresent(), "skipped: no other JDK on this machine (set TEXTDIVE_OTHER_JDK to one)");
        Path nb = dir.resolve("jdk.ipynb");
        Files.writeString(nb, "{\"cells\": ["
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": "
                + "\"long n = 0;\\nfor (int i = 0; i < 1000; i++) n += i;\\nSystem.out.println(\\\"sum \\\" + n);\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"System.exit(0);\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        String cp = String.join(File.pathSeparator, Classpath.current().stream().map(Path::toString).toList());
        Process p = new ProcessBuilder(java.get().toString(), "-cp", cp, NotebookRunner.class.getName(), nb.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        assertTrue(out.contains("sum 499500"), java.get() + ":\n" + out);
        assertTrue(out.contains("cell 2 failed: SystemExit"), java.get() + ":\n" + out);
        assertEquals(1, p.exitValue(), out);
    }
}
