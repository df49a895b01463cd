package textdive.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import textdive.kernel.CellRun;
import textdive.kernel.Evaluator;
import textdive.kernel.Notebook;
import textdive.kernel.NotebookRunner;

/**
 * One headless run (a fresh {@link Evaluator}, as {@code ./textdive run}) per notebook in this test
 * JVM, shared by the suites that compare against it: the regression suite and the Jupyter comparison
 * run each notebook headless once, not twice. A notebook whose file changed is run again.
 */
final class HeadlessRuns {
    /** The notebook after the run (not to be modified) and how each code cell ended. */
    record Run(Notebook executed, List<CellRun> cells) {}

    private static final Map<String, Run> RUNS = new HashMap<>();

    private HeadlessRuns() {}

    static synchronized Run of(Path path) {
        String key = path.toAbsolutePath().normalize() + "#" + digest(path);
        return RUNS.computeIfAbsent(key, k -> {
            Notebook nb = Notebook.read(path);
            try (Evaluator ev = new Evaluator()) {
                return new Run(nb, List.copyOf(NotebookRunner.execute(nb, ev, false, null)));
            }
        });
    }

    private static String digest(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
