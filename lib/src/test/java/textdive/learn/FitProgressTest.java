package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.models.LMModel1;
import textdive.nn.Losses;
import textdive.nn.Rng;
import textdive.viz.Display;
import textdive.viz.ProgressBar;

/** The fit table: live HTML with a batch bar under it where the display updates in place, plain text elsewhere. */
class FitProgressTest {
    private static final long MS = 1_000_000L;
    private final long[] now = {0};
    private final List<String> ids = new ArrayList<>();
    private final List<Map<String, String>> shown = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private void liveSink() {
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) -> {
            ids.add(id);
            shown.add(bundle);
        });
    }

    @AfterEach
    void plainSinkAgain() {
        Display.setSink(null);
    }

    private FitProgress progress() {
        return new FitProgress(List.of("epoch", "train_loss", "valid_loss", "accuracy", "time"), 2, () -> out, () -> now[0]);
    }

    @Test
    void liveTheTableGrowsWithABatchBarUnderItAndEndsAsTheTableAlone() {
        liveSink();
        FitProgress p = progress();
        assertEquals(1, shown.size(), "shown at once, empty");
        now[0] = 50 * MS;
        p.batch("train", 1, 10, 2.5);
        assertEquals(1, shown.size(), "batch updates are throttled");
        now[0] = 300 * MS;
        p.batch("train", 5, 10, 2.25);
        String html = shown.get(shown.size() - 1).get("text/html");
        assertTrue(html.indexOf("</table>") < html.lastIndexOf("<progress value='5' max='10'"), "the batch bar is under the table: " + html);
        assertTrue(html.contains("train 2.2500"), html);
        p.epoch(List.of("0", "2.000000", "1.900000", "0.400000", "00:01"));
        html = shown.get(shown.size() - 1).get("text/html");
        assertTrue(html.contains("<td>1.900000</td>") && html.contains("<progress value='1' max='2'"), html);
        now[0] = 800 * MS;
        p.batch("valid", 2, 3, 1.0);
        assertTrue(shown.get(shown.size() - 1).get("text/html").contains("<progress value='2' max='3'"));
        p.epoch(List.of("1", "1.500000", "1.400000", "0.600000", "00:01"));
        p.end(true);
        Map<String, String> last = shown.get(shown.size() - 1);
        assertFalse(last.get("text/html").contains("<progress"), "a finished fit shows the table alone: " + last);
        assertEquals(String.join("\n",
                "epoch     train_loss  valid_loss  accuracy  time",
                "0         2.000000    1.900000    0.400000  00:01",
                "1         1.500000    1.400000    0.600000  00:01"), last.get("text/plain"));
        assertEquals(1, ids.stream().distinct().count(), "one output, updated in place");
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing printed as text");
    }

    @Test
    void liveAFitThatStopsKeepsItsBars() {
        liveSink();
        FitProgress p = progress();
        now[0] = 500 * MS;
        p.batch("train", 3, 10, 2.0);
        p.end(false);
        assertTrue(shown.get(shown.size() - 1).get("text/html").contains("<progress value='3' max='10'"));
    }

    @Test
    void plainPrintsTheHeaderThenALinePerEpoch() {
        FitProgress p = progress();
        p.batch("train", 5, 10, 2.0);
        p.epoch(List.of("0", "2.000000", "1.900000", "0.400000", "00:01"));
        p.end(true);
        assertEquals(List.of("epoch     train_loss  valid_loss  accuracy  time", "0         2.000000    1.900000    0.400000  00:01"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static Learner tinyLearner() {
        Rng.seed(1);
        List<Item> items = IntStream.range(0, 96).mapToObj(i -> Item.of(new int[] {i % 5, (i + 1) % 5, (i + 2) % 5}, (i + 3) % 5)).toList();
        return new Learner(ItemDataLoader.fromDsets(items.subList(0, 64), items.subList(64, 96), 16), new LMModel1(5, 4),
                Losses.crossEntropy(), Metrics.accuracy());
    }

    @Test
    void aLearnersFitShowsOneLiveTableWhoseRowsAreTheRecordersTable() {
        liveSink();
        Learner learn = tinyLearner();
        learn.fit(3, 1e-2);
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        Map<String, String> last = shown.get(shown.size() - 1);
        assertEquals(4, last.get("text/plain").lines().count(), last.get("text/plain"));
        String html = last.get("text/html");
        assertEquals(3, html.split("<tr>", -1).length - 1, html);
        assertTrue(html.contains(String.format(Locale.ROOT, "<td>%.6f</td>", learn.recorder().last("accuracy"))), html);
        assertFalse(html.contains("<progress"), html);
    }

    @Test
    void anErrorDuringTheFitLeavesTheBarsWhereTheyStopped() {
        liveSink();
        Learner learn = tinyLearner();
        learn.addCb(new Callback() {
            @Override
            public void afterEpoch(Learner l) {
                throw new IllegalStateException("stop");
            }
        });
        assertThrows(IllegalStateException.class, () -> learn.fit(3, 1e-2));
        String html = shown.get(shown.size() - 1).get("text/html");
        assertTrue(html.contains("<progress value='1' max='3'"), html);
    }
}
