package textdive.course;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import textdive.kernel.Classpath;
import textdive.kernel.JshExport;

/**
 * Every notebook and solution, exported as a JShell script ({@code ./textdive export}), runs with the JDK's
 * own {@code jshell} at the ci scale, its checks passing: jshell prints {@code Exception ...} for a failed
 * check or any runtime error and {@code Error:} for code that does not compile, and carries on, so the
 * test fails on either and requires the script to reach its end.
 */
class CourseExportsTest {
    private static final String END = "textdive-export-test: the end of the script";
    private final Path root = CourseRoot.get();

    @TempDir
    Path out;

    /** Two scripts at a time: most of a run is jshell compiling snippets, one core each. */
    private static final int PARALLEL = 2;

    @TestFactory
    List<DynamicTest> exportsRunInJshell() {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("notebooks", "solutions")) {
            for (Path nb : NotebookVerifier.notebooksIn(root.resolve(dir))) {
                Future<?> done = pool.submit(() -> {
                    run(dir, nb);
                    return null;
                });
                tests.add(DynamicTest.dynamicTest(dir + "/" + nb.getFileName() + " as .jsh", nb.toUri(), () -> {
                    try {
                        done.get();
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }));
            }
        }
        pool.shutdown();
        return tests;
    }

    private void run(String dir, Path notebook) throws IOException, InterruptedException {
        Path folder = Files.createDirectories(out.resolve(dir));
        Path jsh = JshExport.export(List.of(notebook), folder).get(0);
        Files.writeString(jsh, Files.readString(jsh) + "\nSystem.out.println(\"" + END + "\");\n", StandardCharsets.UTF_8);
        // jshell refuses class path entries that do not exist (a module without main classes has no target/classes)
        String cp = String.join(File.pathSeparator, Classpath.current().stream().filter(Files::exists).map(Path::toString).toList());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "--class-path", cp, "-J-Dfile.encoding=UTF-8", "-R-Dfile.encoding=UTF-8", "-R-Dstdout.encoding=UTF-8",
                "-R-Xss8m", "-R-Djava.awt.headless=true", jsh.toString())
                .directory(notebook.getParent().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TEXTDIVE_SCALE", "ci");
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
        Process proc = pb.start();
        String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(20, TimeUnit.MINUTES)) {
            proc.destroyForcibly();
            fail(dir + "/" + notebook.getFileName() + ": jshell did not finish in 20 minutes");
        }
        List<String> problems = output.lines().filter(l -> l.startsWith("Exception ") || l.startsWith("Error:")).toList();
        String where = dir + "/" + notebook.getFileName() + " exported to " + jsh.getFileName();
        assertTrue(problems.isEmpty(), () -> where + " failed in jshell: " + problems + "\n" + tail(output));
        assertTrue(output.contains(END), () -> where + ": jshell stopped before the end of the script\n" + tail(output));
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
