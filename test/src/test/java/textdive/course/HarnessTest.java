package textdive.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.kernel.Notebook;
import textdive.kernel.NotebookRunner;

/** The harness itself must fail where the course's rules are broken. */
class HarnessTest {
    @TempDir
    Path dir;

    private NotebookVerifier verifier() {
        return new NotebookVerifier(dir);
    }

    static JsonObject cell(String source, String... tags) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "code");
        c.add("execution_count", null);
        JsonObject md = new JsonObject();
        if (tags.length > 0) {
            JsonArray t = new JsonArray();
            for (String tag : tags) t.add(tag);
            md.add("tags", t);
        }
        c.add("metadata", md);
        c.add("outputs", new JsonArray());
        c.add("source", Notebook.splitLines(source));
        return c;
    }

    private Path write(String name, JsonObject... cells) throws IOException {
        JsonObject nb = new JsonObject();
        JsonArray cs = new JsonArray();
        for (JsonObject c : cells) cs.add(c);
        nb.add("cells", cs);
        JsonObject md = new JsonObject();
        nb.add("metadata", md);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 4);
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, Notebook.toJupyterJson(nb));
        return p;
    }

    @Test
    void recordedRegressionOutputPassesAndAnAlteredOneFails() throws IOException {
        Path nb = write("notebooks/r.ipynb",
                cell("int answer = 6 * 7;"),
                cell("System.out.println(\"answer \" + answer);\nanswer", NotebookVerifier.REGRESSION));
        NotebookRunner.runFile(nb, null);
        assertEquals(List.of(), verifier().verifyNotebook(nb));

        String recorded = Files.readString(nb);
        assertTrue(recorded.contains("\"answer 42\\n\""), recorded);
        Files.writeString(nb, recorded.replace("\"answer 42\\n\"", "\"answer 43\\n\""));
        List<String> problems = verifier().verifyNotebook(nb);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("notebooks/r.ipynb: cell 2 (In [2]) is tagged regression but its output changed"), problems.get(0));
        assertTrue(problems.get(0).contains("answer 43") && problems.get(0).contains("answer 42"), problems.get(0));
    }

    @Test
    void durationsAndMemoryFiguresMayChangeButNumbersMayNot() throws IOException {
        Path nb = write("notebooks/t.ipynb", cell(
                "System.out.println(\"epoch 0 loss \" + 0.5 + \" time \" + String.format(\"%02d:%02d\", 0, System.nanoTime() % 60)"
                        + " + \" (\" + (System.nanoTime() % 997) + \" ms, \" + (System.nanoTime() % 991) + \" MB)\");",
                NotebookVerifier.REGRESSION));
        NotebookRunner.runFile(nb, null);
        assertEquals(List.of(), verifier().verifyNotebook(nb));
        Files.writeString(nb, Files.readString(nb).replace("loss 0.5 time", "loss 0.6 time"));
        assertEquals(1, verifier().verifyNotebook(nb).size());
    }

    @Test
    void normalizerTouchesOnlyDurationsAndMemory() {
        assertEquals("epoch 1 <time> <duration> <duration> <memory> <memory> loss 0.1234 acc 98.5% vocab 30",
                OutputNormalizer.normalize("epoch 1 00:02 1.23 s 12 ms 345 MB 1.5GiB loss 0.1234 acc 98.5% vocab 30"));
        assertEquals("<time> 0.15165200855716662 21031", OutputNormalizer.normalize("1:02:03 0.15165200855716662 21031"));
        assertEquals("trained at <timestamp>; saved <timestamp>, epoch 2026",
                OutputNormalizer.normalize("trained at 2026-11-30T06:41:07.284960272Z; saved 2026-11-30 06:41+01:00, epoch 2026"));
    }

    @Test
    void failingCheckNamesNotebookCellAndWhatWasExpected() throws IOException {
        Path nb = write("notebooks/c.ipynb",
                cell("int vocab = 29;"),
                cell("// the book's value\ncheckEquals(30, vocab, \"vocab size\");"),
                cell("System.out.println(\"not reached\");"));
        List<String> problems = verifier().verifyNotebook(nb);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("notebooks/c.ipynb: cell 2 (In [2]) a check failed: "
                + "CheckFailed: check failed: vocab size: expected <30> but was <29> (cell line 2)"), problems.get(0));
    }

    @Test
    void errorInAnUntaggedCellFailsTheNotebook() throws IOException {
        Path nb = write("notebooks/e.ipynb", cell("Object o = List.of(1);\nString s = (String) o;"));
        List<String> problems = verifier().verifyNotebook(nb);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("cell 1 (In [1]) failed: java.lang.ClassCastException"), problems.get(0));
        assertTrue(problems.get(0).contains("(cell line 2)"), problems.get(0));
    }

    private static final String TASK_UNSOLVED = "int answer() {\n    return 0; // your code here\n}";
    private static final String TASK_SOLVED = "int answer() {\n    return 6 * 7;\n}";
    private static final String CHECK_REAL = "checkEquals(42, answer(), \"the answer\");";
    private static final String CHECK_VACUOUS = "check(answer() >= 0, \"the answer is not negative\");";

    @Test
    void exerciseWhoseChecksAllFailUnsolvedPasses() throws IOException {
        Path ex = write("exercises/x.ipynb", cell(TASK_UNSOLVED, "task"), cell(CHECK_REAL, "check"));
        Path sol = write("solutions/x.ipynb", cell(TASK_SOLVED, "task"), cell(CHECK_REAL, "check"));
        assertEquals(List.of(), verifier().verifyExercise(ex, sol));
        assertEquals(List.of(), verifier().verifyNotebook(sol));
    }

    @Test
    void checkThatPassesOnTheUnsolvedExerciseFails() throws IOException {
        Path ex = write("exercises/x.ipynb", cell(TASK_UNSOLVED, "task"), cell(CHECK_REAL, "check"), cell(CHECK_VACUOUS, "check"));
        Path sol = write("solutions/x.ipynb", cell(TASK_SOLVED, "task"), cell(CHECK_REAL, "check"), cell(CHECK_VACUOUS, "check"));
        List<String> problems = verifier().verifyExercise(ex, sol);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("exercises/x.ipynb: cell 3 (In [3]) is a check that passes on the unsolved exercise"),
                problems.get(0));
        assertTrue(problems.get(0).contains(CHECK_VACUOUS), problems.get(0));
    }

    @Test
    void solutionThatFailsItsCheckFails() throws IOException {
        Path sol = write("solutions/x.ipynb", cell("int answer() { return 41; }", "task"), cell(CHECK_REAL, "check"));
        List<String> problems = verifier().verifyNotebook(sol);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("a check failed: CheckFailed: check failed: the answer: expected <42> but was <41>"),
                problems.get(0));
    }

    @Test
    void exerciseWithoutSolutionOrChecksOrWithDifferentChecksFails() throws IOException {
        Path ex = write("exercises/x.ipynb", cell(TASK_UNSOLVED, "task"), cell(CHECK_REAL, "check"));
        assertTrue(verifier().verifyExercise(ex, dir.resolve("solutions/x.ipynb")).get(0).contains("has no solution"));

        Path noChecks = write("exercises/y.ipynb", cell(TASK_UNSOLVED, "task"));
        Path sol = write("solutions/y.ipynb", cell(TASK_SOLVED, "task"));
        assertTrue(verifier().verifyExercise(noChecks, sol).get(0).contains("has no cell tagged 'check'"));

        Path other = write("solutions/z.ipynb", cell(TASK_SOLVED, "task"), cell("check(true, \"easier\");", "check"));
        List<String> problems = verifier().verifyExercise(ex, other);
        assertTrue(problems.get(0).contains("its check cells differ"), problems::toString);
    }
}
