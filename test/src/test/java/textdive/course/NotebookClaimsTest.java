package textdive.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import textdive.kernel.Notebook;

/**
 * What the notebooks' prose says about their numbers agrees with what they recorded. A claim names a
 * number in a markdown cell ({@code N} in the pattern, whitespace-insensitive) and where the recorded
 * outputs show it: the first code cell whose source contains {@code cell}, and a pattern whose group 1
 * is the number there (the last match counts: a fit table's last row is its final epoch). The prose may
 * round: 0.622 agrees with 0.622070, 9.6 with 9.6. An exercise, which keeps no outputs, cites its
 * recorded solution's.
 *
 * <p>Also: chapters 00–07 say which scale their outputs come from, and did come from the cpu scale
 * (their first code cell shows {@code Scale.current()}); no notebook, exercise or solution but 00 and 04
 * prepares HUMAN_NUMBERS by hand; every cell a learner edits or runs to check is marked in its text.
 */
class NotebookClaimsTest {
    private static final String N = "([0-9]+(?:\\.[0-9]+)?)";
    /** The final accuracy of a fit cell's plain table. */
    private static final String LAST_ACCURACY = "(?m)^\\d+\\s+[0-9.]+\\s+[0-9.]+\\s+([0-9.]+)";
    private static final String BOOK_LAST = "(?m)^\\s*\\d+\\s*\\|\\s*([0-9.]+)\\s*\\|";

    record Claim(String notebook, String markdown, String cell, String output, String outputsOf) {
        Claim(String notebook, String markdown, String cell, String output) {
            this(notebook, markdown, cell, output, notebook);
        }

        @Override
        public String toString() {
            return notebook + ": \"" + markdown.replace(N, "N") + "\"";
        }
    }

    private static String row(int epoch) {
        return "(?m)^" + epoch + "\\s+[0-9.]+\\s+[0-9.]+\\s+([0-9.]+)";
    }

    private static String bookRow(int epoch) {
        return "(?m)^\\s*" + epoch + "\\s*\\|\\s*([0-9.]+)\\s*\\|";
    }

    static final List<Claim> CLAIMS = List.of(
            // 03: the padding of each batching order
            new Claim("notebooks/03_numericalization_and_batches", "comes to " + N + " % of the text", "Table padding =", "random\\s*\\|\\s*\\d+\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/03_numericalization_and_batches", "sortish order pads " + N + " %", "Table padding =", "sortish \\(training\\)\\s*\\|\\s*\\d+\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/03_numericalization_and_batches", "full sorting " + N + " %", "Table padding =", "sorted \\(validation\\)\\s*\\|\\s*\\d+\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)"),
            // 04: keeping the state
            new Claim("notebooks/04_lm_from_scratch", "from " + N + " \\(LMModel1 and 2\\)", "new LMModel1(vocab.size(), 64)", LAST_ACCURACY),
            new Claim("notebooks/04_lm_from_scratch", "from " + N + " \\(LMModel1 and 2\\)", "new LMModel2(vocab.size(), 64)", LAST_ACCURACY),
            new Claim("notebooks/04_lm_from_scratch", "to " + N + " \\(LMModel3\\)", "new LMModel3(vocab.size(), 64)", LAST_ACCURACY),
            new Claim("notebooks/04_lm_from_scratch", "book's LMModel3 ended at " + N, "versus(\"LMModel3", BOOK_LAST),
            // 05: LMModel4 and LMModel5 against the book and over seeds
            new Claim("notebooks/05_more_signal_multilayer", "LMModel4 ends at " + N, "new LMModel4(vocab.size(), 64), Losses", LAST_ACCURACY),
            new Claim("notebooks/05_more_signal_multilayer", "the book's run ended at " + N, "versus(\"LMModel4", BOOK_LAST),
            new Claim("notebooks/05_more_signal_multilayer", "which end between " + N, "Seeds.finalMetric(\"LMModel4\"", "\\(([0-9.]+) to"),
            new Claim("notebooks/05_more_signal_multilayer", "which end between [0-9.]+ and " + N, "Seeds.finalMetric(\"LMModel4\"", "to ([0-9.]+)\\)"),
            new Claim("notebooks/05_more_signal_multilayer", "0.671 \\(median " + N, "Seeds.finalMetric(\"LMModel4\"", "median ([0-9.]+)"),
            new Claim("notebooks/05_more_signal_multilayer", "falls from " + N + " after epoch 1", "new LMModel4(vocab.size(), 64), Losses", row(1)),
            new Claim("notebooks/05_more_signal_multilayer", "to " + N + " after epoch 2", "new LMModel4(vocab.size(), 64), Losses", row(2)),
            new Claim("notebooks/05_more_signal_multilayer", "from " + N + " to [0-9.]+ between epochs 10 and 11", "new LMModel4(vocab.size(), 64), Losses", row(10)),
            new Claim("notebooks/05_more_signal_multilayer", "to " + N + " between epochs 10 and 11", "new LMModel4(vocab.size(), 64), Losses", row(11)),
            new Claim("notebooks/05_more_signal_multilayer", "two-layer RNN ends at " + N, "new LMModel5(vocab.size(), 64, 2), Losses", LAST_ACCURACY),
            new Claim("notebooks/05_more_signal_multilayer", "below LMModel4's " + N, "new LMModel4(vocab.size(), 64), Losses", LAST_ACCURACY),
            new Claim("notebooks/05_more_signal_multilayer", "in the book \\(" + N + " against", "versus(\"LMModel5", BOOK_LAST),
            new Claim("notebooks/05_more_signal_multilayer", "against " + N + "\\)", "versus(\"LMModel4", BOOK_LAST),
            new Claim("notebooks/05_more_signal_multilayer", "it ends between " + N, "Seeds.finalMetric(\"LMModel5\"", "\\(([0-9.]+) to"),
            new Claim("notebooks/05_more_signal_multilayer", "it ends between [0-9.]+ and " + N, "Seeds.finalMetric(\"LMModel5\"", "to ([0-9.]+)\\)"),
            new Claim("notebooks/05_more_signal_multilayer", "0.546, median " + N, "Seeds.finalMetric(\"LMModel5\"", "median ([0-9.]+)"),
            new Claim("notebooks/05_more_signal_multilayer", "LMModel4's lowest, " + N, "Seeds.finalMetric(\"LMModel4\"", "\\(([0-9.]+) to"),
            new Claim("notebooks/05_more_signal_multilayer", "dropped to " + N + " at epoch 2 here", "new LMModel5(vocab.size(), 64, 2), Losses", row(2)),
            new Claim("notebooks/05_more_signal_multilayer", "to " + N + " at epoch 3 in the book", "versus(\"LMModel5", bookRow(3)),
            // 06: LMModel6, the seeds, what to expect
            new Claim("notebooks/06_lstm", "the LSTM ends at " + N, "new LMModel6(vocab.size(), 64, 2), Losses", LAST_ACCURACY),
            new Claim("notebooks/06_lstm", "the book's run ended at " + N, "versus(\"LMModel6", BOOK_LAST),
            new Claim("notebooks/06_lstm", "runs end between " + N, "Seeds.finalMetric(\"LMModel6\"", "\\(([0-9.]+) to"),
            new Claim("notebooks/06_lstm", "runs end between [0-9.]+ and " + N, "Seeds.finalMetric(\"LMModel6\"", "to ([0-9.]+)\\)"),
            new Claim("notebooks/06_lstm", "\\(median " + N + "\\): one run", "Seeds.finalMetric(\"LMModel6\"", "median ([0-9.]+)"),
            new Claim("notebooks/06_lstm", "seed 42 ends at " + N + " with oneDNN", "new LMModel6(vocab.size(), 64, 2), Losses", LAST_ACCURACY),
            new Claim("notebooks/06_lstm", "a learning rate of " + N + "e-2", "learn.fitOneCycle(Scale.pick(15, 4), 1e-2)", "fitOneCycle\\(Scale.pick\\(15, 4\\), ([0-9.]+)e-2\\)"),
            // 07: the finder, the rates, the seeds
            new Claim("notebooks/07_regularization", "the finder suggests " + N + "e-3", "learn.lrFind()", "valley suggestion: ([0-9.]+)e-03"),
            new Claim("notebooks/07_regularization", "At the finder's " + N + "e-3", "learn.lrFind()", "valley suggestion: ([0-9.]+)e-03"),
            new Claim("notebooks/07_regularization", "the model ends at " + N + " with a validation loss", "Learner atValley", "valley\\)\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/07_regularization", "with a validation loss of " + N, "Learner atValley", "valley\\)\\s*\\|\\s*[0-9.]+\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/07_regularization", "at the book's 1e-2, at " + N, "Learner atValley", "\\(book\\)\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/07_regularization", "at the book's 1e-2, at [0-9.]+ and " + N, "Learner atValley", "\\(book\\)\\s*\\|\\s*[0-9.]+\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/07_regularization", "ends at " + N + " with seed 42", "learn.fitOneCycle(Scale.pick(15, 4), 1e-2, 0.1)", LAST_ACCURACY),
            new Claim("notebooks/07_regularization", "\\(the book's run: " + N + "\\)", "versus(\"LMModel7", BOOK_LAST),
            new Claim("notebooks/07_regularization", "falls to " + N + " by epoch 9", "learn.fitOneCycle(Scale.pick(15, 4), 1e-2, 0.1)", "(?m)^9\\s+[0-9.]+\\s+([0-9.]+)"),
            new Claim("notebooks/07_regularization", "by epoch 9 and ends at " + N, "learn.fitOneCycle(Scale.pick(15, 4), 1e-2, 0.1)", "(?m)^\\d+\\s+[0-9.]+\\s+([0-9.]+)"),
            new Claim("notebooks/07_regularization", "ends between " + N + " and", "Seeds.finalMetric(\"LMModel7\"", "\\(([0-9.]+) to"),
            new Claim("notebooks/07_regularization", "ends between [0-9.]+ and " + N, "Seeds.finalMetric(\"LMModel7\"", "to ([0-9.]+)\\)"),
            new Claim("notebooks/07_regularization", "\\(median " + N + "\\), so", "Seeds.finalMetric(\"LMModel7\"", "median ([0-9.]+)"),
            new Claim("notebooks/07_regularization", "so the book's " + N, "versus(\"LMModel7", BOOK_LAST),
            new Claim("notebooks/07_regularization", "and our " + N + " are two", "learn.fitOneCycle(Scale.pick(15, 4), 1e-2, 0.1)", LAST_ACCURACY),
            // exercise 06b: the GRU against the two-layer LSTM, as the solution recorded it
            new Claim("solutions/06_gru_from_scratch", "the one-layer GRU ends at " + N, "Table gruVsLstm", "GRU, 1 layer \\(yours\\)\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)"),
            new Claim("solutions/06_gru_from_scratch", "two-layer LSTM at " + N, "Table gruVsLstm", "LSTM, 2 layers \\(LMModel6\\)\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)"),
            new Claim("solutions/06_gru_from_scratch", "with " + N + " parameters against", "Table gruVsLstm", "GRU, 1 layer \\(yours\\)\\s*\\|\\s*(\\d+)"),
            new Claim("solutions/06_gru_from_scratch", "parameters against " + N, "Table gruVsLstm", "LSTM, 2 layers \\(LMModel6\\)\\s*\\|\\s*(\\d+)"),
            new Claim("exercises/06_gru_from_scratch", "the one-layer GRU ends at " + N, "Table gruVsLstm",
                    "GRU, 1 layer \\(yours\\)\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)", "solutions/06_gru_from_scratch"),
            new Claim("exercises/06_gru_from_scratch", "two-layer LSTM at " + N, "Table gruVsLstm",
                    "LSTM, 2 layers \\(LMModel6\\)\\s*\\|\\s*\\d+\\s*\\|\\s*([0-9.]+)", "solutions/06_gru_from_scratch"),
            // 10: the classifier at the cpu scale, the baseline and the ablation
            new Claim("notebooks/10_ulmfit_classifier", "the forwards classifier ends at " + N, "learn.unfreeze();", LAST_ACCURACY),
            new Claim("notebooks/10_ulmfit_classifier", "and the ensemble at " + N, "Preds ens = Preds.ensemble", "ensemble\\s*\\|\\s*[0-9.]*\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/10_ulmfit_classifier", "the bag of words gets " + N, "new BagOfWordsBaseline()", "logistic regression\\)\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/10_ulmfit_classifier", "stays at chance \\(" + N, "var none = Stages.classifier", "no pretraining\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/10_ulmfit_classifier", "alone brings it to " + N, "var none = Stages.classifier", "IMDb language model only\\s*\\|\\s*([0-9.]+)"),
            new Claim("notebooks/10_ulmfit_classifier", "stages 1 \\+ 2 bring it to " + N, "var none = Stages.classifier", "\\(ULMFiT\\)\\s*\\|\\s*([0-9.]+)"));

    private final Path root = CourseRoot.get();

    @TestFactory
    List<DynamicTest> proseAgreesWithTheRecordedOutputs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Claim c : CLAIMS) tests.add(DynamicTest.dynamicTest(c.toString(), () -> check(c)));
        return tests;
    }

    private void check(Claim c) {
        String said = said(Notebook.read(root.resolve(c.notebook() + ".ipynb")), c.markdown());
        String shown = shown(Notebook.read(root.resolve(c.outputsOf() + ".ipynb")), c.cell(), c.output());
        assertEquals(new BigDecimal(said), new BigDecimal(shown).setScale(new BigDecimal(said).scale(), RoundingMode.HALF_UP),
                c + ": the text says " + said + ", the recorded output shows " + shown);
    }

    /** The number group 1 of {@code pattern} finds in the notebook's markdown (whitespace collapsed). */
    static String said(Notebook nb, String pattern) {
        Pattern p = Pattern.compile(pattern.replace(" ", "\\s+"));
        for (JsonObject cell : nb.cells()) {
            if (Notebook.isCode(cell)) continue;
            Matcher m = p.matcher(Notebook.source(cell).replaceAll("\\s+", " "));
            if (m.find()) return m.group(1);
        }
        fail(nb.path().getFileName() + " has no markdown matching " + pattern);
        return null;
    }

    /** Group 1 of the last match of {@code pattern} in the recorded outputs of the first code cell containing {@code needle}. */
    static String shown(Notebook nb, String needle, String pattern) {
        for (JsonObject cell : nb.cells()) {
            if (!Notebook.isCode(cell) || !Notebook.source(cell).contains(needle)) continue;
            String text = outputText(cell) + "\n" + Notebook.source(cell);
            Matcher m = Pattern.compile(pattern).matcher(text);
            String last = null;
            while (m.find()) last = m.group(1);
            if (last == null) fail(nb.path().getFileName() + ": the cell with " + needle + " shows nothing matching " + pattern + ":\n" + text);
            return last;
        }
        fail(nb.path().getFileName() + " has no code cell containing " + needle);
        return null;
    }

    static String outputText(JsonObject cell) {
        StringBuilder sb = new StringBuilder();
        if (!cell.has("outputs")) return "";
        for (JsonElement e : cell.getAsJsonArray("outputs")) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("text")) sb.append(Notebook.joinLines(o.get("text"))).append('\n');
            if (o.has("data") && o.getAsJsonObject("data").has("text/plain")) {
                sb.append(Notebook.joinLines(o.getAsJsonObject("data").get("text/plain"))).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void aClaimThatDisagreesFails() {
        Notebook nb = Notebook.read(root.resolve("notebooks/03_numericalization_and_batches.ipynb"));
        String shown = shown(nb, "Table padding =", CLAIMS.get(1).output());
        assertTrue(!shown.equals("9.7"), "a text saying 9.7 % would be caught: the output shows " + shown);
        assertEquals(new BigDecimal("0.622"), new BigDecimal("0.622070").setScale(3, RoundingMode.HALF_UP));
    }

    @TestFactory
    List<DynamicTest> chaptersRecordTheirOutputsAtTheCpuScaleAndSaySo() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : NotebookVerifier.notebooksIn(root.resolve("notebooks"))) {
            String name = p.getFileName().toString();
            if (name.compareTo("08") >= 0) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Notebook nb = Notebook.read(p);
                JsonObject first = nb.cells().stream().filter(Notebook::isCode).findFirst().orElseThrow();
                assertTrue(Notebook.source(first).strip().endsWith("Scale.current()"), name + ": the first code cell shows the scale");
                assertEquals("CPU", outputText(first).strip(), name + ": the recorded outputs come from the cpu scale (re-run it with ./textdive run)");
            }));
        }
        return tests;
    }

    /** The chapter-12 data preparation by hand: the joined lines split on spaces, with the vocab of first appearance. */
    private static final Pattern HUMAN_NUMBERS_BY_HAND = Pattern.compile("Collectors\\.joining\\(\" \\. \"\\)|String\\.join\\(\" \\. \"");

    @TestFactory
    List<DynamicTest> onlyNotebooks00And04PrepareHumanNumbersByHand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("notebooks", "exercises", "solutions")) {
            for (Path p : NotebookVerifier.notebooksIn(root.resolve(dir))) {
                String name = dir + "/" + p.getFileName();
                boolean allowed = name.equals("notebooks/00_welcome.ipynb") || name.equals("notebooks/04_lm_from_scratch.ipynb");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    boolean byHand = Notebook.read(p).cells().stream().filter(Notebook::isCode)
                            .anyMatch(c -> HUMAN_NUMBERS_BY_HAND.matcher(Notebook.source(c)).find());
                    if (!allowed) assertTrue(!byHand, name + " prepares HUMAN_NUMBERS by hand: use HumanNumbersData");
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> exerciseCellsSayWhatToDoInTheirText() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("exercises", "solutions")) {
            for (Path p : NotebookVerifier.notebooksIn(root.resolve(dir))) {
                tests.add(DynamicTest.dynamicTest(dir + "/" + p.getFileName(), () -> {
                    for (JsonObject c : Notebook.read(p).cells()) {
                        List<String> tags = Notebook.tags(c);
                        String src = Notebook.source(c);
                        // classic Notebook hides tags: the first line says it
                        if (tags.contains(NotebookVerifier.TASK)) assertTrue(src.startsWith("// TASK:"), p.getFileName() + ": a task cell starts with // TASK:\n" + src);
                        if (tags.contains(NotebookVerifier.CHECK)) assertTrue(src.startsWith("// CHECK:"), p.getFileName() + ": a check cell starts with // CHECK:\n" + src);
                    }
                }));
            }
        }
        return tests;
    }
}
