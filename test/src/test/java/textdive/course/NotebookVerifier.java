package textdive.course;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import textdive.kernel.CellError;
import textdive.kernel.CellRun;
import textdive.kernel.Evaluator;
import textdive.kernel.Notebook;
import textdive.kernel.NotebookRunner;

/**
 * The course's rules for a notebook, checked by running it in a fresh {@link Evaluator} (the same
 * code as the kernel and {@code ./textdive run}):
 * <ul>
 *   <li>every code cell runs without error; a failing {@code check(...)} names notebook and cell;</li>
 *   <li>cells tagged {@code regression} reproduce their saved outputs exactly, after normalising
 *       durations and memory figures ({@link OutputNormalizer}); images must be present, not
 *       byte-identical (font rendering differs between machines);</li>
 *   <li>an exercise has a solution with the same {@code check} cells, the solution passes them
 *       all, and every one of them fails on the unsolved exercise.</li>
 * </ul>
 * Problems are collected, not thrown, so a test reports all of them at once.
 */
final class NotebookVerifier {
    static final String REGRESSION = "regression";
    static final String CHECK = "check";
    static final String TASK = "task";

    private final Path root;

    NotebookVerifier(Path root) {
        this.root = root;
    }

    private String name(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private static String cellName(CellRun r) {
        return "cell " + r.index() + " (In [" + r.cell().get("execution_count") + "])";
    }

    /** Problems of a notebook or solution: failing cells and regression mismatches. */
    List<String> verifyNotebook(Path path) {
        List<JsonObject> saved = Notebook.read(path).cells();
        List<CellRun> runs = HeadlessRuns.of(path).cells();
        List<String> problems = new ArrayList<>();
        for (CellRun r : runs) {
            if (!r.result().isOk()) {
                problems.add(failure(path, r));
                break;
            }
            if (Notebook.tags(r.cell()).contains(REGRESSION)) {
                JsonObject before = saved.get(r.index() - 1);
                List<String> want = comparable(before.has("outputs") ? before.getAsJsonArray("outputs") : new JsonArray());
                List<String> got = comparable(r.cell().getAsJsonArray("outputs"));
                if (!want.equals(got)) {
                    problems.add(name(path) + ": " + cellName(r) + " is tagged regression but its output changed"
                            + "\n  recorded: " + String.join("\n            ", want)
                            + "\n  now:      " + String.join("\n            ", got));
                }
            }
        }
        return problems;
    }

    private String failure(Path path, CellRun r) {
        CellError e = r.result().error();
        String what = e.isCheckFailure() ? "a check failed" : "failed";
        return name(path) + ": " + cellName(r) + " " + what + ": " + e.summary()
                + "\n  " + String.join("\n  ", e.traceback());
    }

    /**
     * Outputs as comparable text: one entry per output, durations and memory normalised. Consecutive
     * stream outputs of one stream count as one (Jupyter sends text in chunks; a saved notebook may
     * keep them apart, the notebook page shows them as one).
     */
    static List<String> comparable(JsonArray outputs) {
        List<String> out = new ArrayList<>();
        String lastStream = null;
        StringBuilder streamText = new StringBuilder();
        for (JsonElement el : outputs) {
            JsonObject o = el.getAsJsonObject();
            String type = o.get("output_type").getAsString();
            if (type.equals("stream") && o.get("name").getAsString().equals(lastStream)) {
                streamText.append(Notebook.joinLines(o.get("text")));
                out.set(out.size() - 1, "stream " + lastStream + ": " + OutputNormalizer.normalize(streamText.toString()));
                continue;
            }
            lastStream = type.equals("stream") ? o.get("name").getAsString() : null;
            streamText.setLength(0);
            switch (type) {
                case "stream" -> {
                    streamText.append(Notebook.joinLines(o.get("text")));
                    out.add("stream " + lastStream + ": " + OutputNormalizer.normalize(streamText.toString()));
                }
                case "error" -> out.add("error " + o.get("ename").getAsString() + ": "
                        + OutputNormalizer.normalize(o.get("evalue").getAsString()));
                default -> {
                    Map<String, String> data = new TreeMap<>();
                    JsonObject d = o.has("data") ? o.getAsJsonObject("data") : new JsonObject();
                    for (String mime : d.keySet()) {
                        data.put(mime, mime.startsWith("image/") ? "<image>" : OutputNormalizer.normalize(Notebook.joinLines(d.get(mime))));
                    }
                    out.add(type + " " + data);
                }
            }
        }
        return out;
    }

    /** Problems of an exercise: its solution, the check cells, and that each check fails unsolved. */
    List<String> verifyExercise(Path exercise, Path solution) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(solution)) {
            problems.add(name(exercise) + ": has no solution (expected " + name(solution) + ")");
            return problems;
        }
        Notebook ex = Notebook.read(exercise);
        List<String> exChecks = checkSources(ex);
        List<String> solChecks = checkSources(Notebook.read(solution));
        if (exChecks.isEmpty()) {
            problems.add(name(exercise) + ": has no cell tagged 'check', so nothing proves the exercise is solved");
            return problems;
        }
        if (!exChecks.equals(solChecks)) {
            problems.add(name(exercise) + ": its check cells differ from those of " + name(solution)
                    + " (the solution must pass the very checks the learner gets)");
        }
        List<CellRun> runs;
        try (Evaluator ev = new Evaluator()) {
            runs = NotebookRunner.execute(ex, ev, true, null);
        }
        for (CellRun r : runs) {
            if (Notebook.tags(r.cell()).contains(CHECK) && r.result().isOk()) {
                problems.add(name(exercise) + ": " + cellName(r) + " is a check that passes on the unsolved exercise,"
                        + " so it proves nothing:\n  " + Notebook.source(r.cell()).strip().replace("\n", "\n  "));
            }
        }
        return problems;
    }

    private static List<String> checkSources(Notebook nb) {
        return nb.cells().stream()
                .filter(c -> Notebook.isCode(c) && Notebook.tags(c).contains(CHECK))
                .map(c -> Notebook.source(c).strip())
                .collect(Collectors.toList());
    }

    /** The {@code *.ipynb} files directly in {@code dir}, sorted; none when it doesn't exist. */
    static List<Path> notebooksIn(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
