package textdive.course;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import textdive.kernel.Classpath;
import textdive.kernel.Evaluator;
import textdive.kernel.KernelInstaller;
import textdive.kernel.Notebook;
import textdive.kernel.NotebookRunner;

/**
 * The course as a learner runs it: every notebook and solution through the real Jupyter kernel with
 * nbclient (as nbconvert and the notebook server drive it), checked cell by cell against the headless
 * runner: each code cell's outputs must be in that cell and equal what {@code ./textdive run} records
 * for it (durations and memory normalised by {@link OutputNormalizer}; the headless run is the one
 * {@link CourseNotebooksTest} made, see {@link HeadlessRuns}). An output that lands under the
 * wrong cell, goes missing in Jupyter or differs from the saved notebook fails the test, naming the
 * notebook, the cell and both outputs. Prints the time each notebook took through the kernel.
 * {@code -Dtextdive.notebooks=07_,00_warmup} limits it to notebooks whose path contains one of those.
 */
class JupyterNotebooksTest {
    private static final String PYTHON = "/usr/bin/python3";

    private final Path root = CourseRoot.get();

    @TempDir
    Path dir;

    static boolean hasNbclient() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        Process p = new ProcessBuilder(PYTHON, "-c", "import nbclient, nbformat").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @TestFactory
    List<DynamicTest> everyCellInJupyterEqualsTheHeadlessRun() throws Exception {
        assumeTrue(hasNbclient(), "skipped: " + PYTHON + " with nbclient is not installed"
                + " (apt-get install --no-install-recommends python3-nbclient jupyter-client)");
        List<Path> notebooks = new ArrayList<>();
        for (String d : List.of("notebooks", "solutions")) notebooks.addAll(NotebookVerifier.notebooksIn(root.resolve(d)));
        String only = System.getProperty("textdive.notebooks", ""); // e.g. -Dtextdive.notebooks=07_,00_warmup
        if (!only.isBlank()) notebooks.removeIf(p -> Arrays.stream(only.split(",")).noneMatch(p.toString()::contains));
        // every notebook has run headless before it runs in Jupyter (in the suite the regression suite
        // made these runs already), so the Jupyter run finds dataset and tokenizer caches warm
        notebooks.forEach(HeadlessRuns::of);
        Map<Integer, String> verdicts = runInJupyter(notebooks);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < notebooks.size(); i++) {
            int index = i;
            Path nb = notebooks.get(i);
            tests.add(DynamicTest.dynamicTest(root.relativize(nb).toString(), nb.toUri(), () -> {
                String verdict = verdicts.getOrDefault(index, "failed: no verdict");
                if (!verdict.startsWith("ok")) fail(root.relativize(nb) + " failed in Jupyter: " + verdict);
                List<String> problems = compare(nb, Notebook.read(dir.resolve("executed").resolve(index + ".ipynb")));
                if (!problems.isEmpty()) fail(String.join("\n\n", problems));
            }));
        }
        return tests;
    }

    /** index -> "ok SECONDS" or "failed SECONDS ERROR", from one nbclient run over all notebooks. */
    private Map<Integer, String> runInJupyter(List<Path> notebooks) throws IOException, InterruptedException, URISyntaxException {
        Path data = dir.resolve("jupyter");
        KernelInstaller.install(data, Classpath.current(), System.getenv("TEXTDIVE_MIRROR"));
        Path out = Files.createDirectories(dir.resolve("executed"));
        Path script = Path.of(JupyterNotebooksTest.class.getResource("execute_notebooks.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), out.toString()));
        notebooks.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", data.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3600, TimeUnit.SECONDS)) fail("nbclient did not finish:\n" + log);
        Map<Integer, String> verdicts = new HashMap<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-52s %8s  %s%n", "notebook (real kernel via nbclient, start included)", "time", "status"));
        for (String line : log.split("\n")) {
            String[] f = line.split(" ", 3);
            if (f.length < 3 || !f[0].matches("\\d+")) continue;
            int i = Integer.parseInt(f[0]);
            verdicts.put(i, f[1].equals("ok") ? "ok" : "failed: " + f[2]);
            table.append(String.format(Locale.ROOT, "%-52s %6s s  %s%n", root.relativize(notebooks.get(i)), f[2].split(" ")[0], f[1]));
        }
        System.out.print(table);
        if (verdicts.isEmpty()) fail("nbclient ran no notebook:\n" + log);
        return verdicts;
    }

    /**
     * Cell by cell: the Jupyter outputs against the headless run of the same notebook. That run may
     * have been the first on this machine, with cold caches (a cell that says "from cache: false",
     * tokenizer progress), while the Jupyter run, made after it, found them warm; so a notebook that
     * differs is run headless once more, now with the same warm caches, and only a difference that
     * remains is a failure.
     */
    private List<String> compare(Path path, Notebook jupyter) {
        List<String> problems = compare(path, jupyter, HeadlessRuns.of(path).executed());
        if (problems.isEmpty()) return problems;
        Notebook again = Notebook.read(path);
        try (Evaluator ev = new Evaluator()) {
            NotebookRunner.execute(again, ev, false, null);
        }
        return compare(path, jupyter, again);
    }

    private List<String> compare(Path path, Notebook jupyter, Notebook headless) {
        List<JsonObject> inJupyter = jupyter.cells();
        List<JsonObject> offline = headless.cells();
        List<String> problems = new ArrayList<>();
        String name = root.relativize(path).toString();
        if (inJupyter.size() != offline.size()) {
            problems.add(name + ": " + inJupyter.size() + " cells in Jupyter, " + offline.size() + " headless");
            return problems;
        }
        for (int i = 0; i < offline.size(); i++) {
            if (!Notebook.isCode(offline.get(i))) continue;
            List<String> want = NotebookVerifier.comparable(outputs(offline.get(i)));
            List<String> got = NotebookVerifier.comparable(outputs(inJupyter.get(i)));
            if (!want.equals(got)) {
                problems.add(name + ": cell " + (i + 1) + " shows other outputs in Jupyter than in the headless run"
                        + "\n  source:   " + Notebook.source(offline.get(i)).strip().replace("\n", "\n            ")
                        + "\n  headless: " + String.join("\n            ", want)
                        + "\n  jupyter:  " + String.join("\n            ", got));
            }
        }
        return problems;
    }

    private static JsonArray outputs(JsonObject cell) {
        return cell.has("outputs") ? cell.getAsJsonArray("outputs") : new JsonArray();
    }
}
