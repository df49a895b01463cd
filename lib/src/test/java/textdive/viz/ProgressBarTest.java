package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final long[] now = {0};
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private <T> ProgressBar<T> bar(Iterable<T> items, long total) {
        return new ProgressBar<>(items, total, "work", () -> now[0], () -> out);
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    private static final long SECOND = 1_000_000_000L;

    @Test
    void plainFormPrintsQuartersAndTheEndWithTimes() {
        ProgressBar<Void> bar = bar(null, 100);
        bar.update(0);
        now[0] = 1 * SECOND;
        bar.update(10);
        now[0] = 2 * SECOND;
        bar.update(25);
        now[0] = 3 * SECOND;
        bar.update(60);
        now[0] = 4 * SECOND;
        bar.update(70);
        now[0] = 5 * SECOND;
        bar.comment("loss 1.25");
        bar.update(80);
        now[0] = 8 * SECOND;
        bar.finish();
        bar.finish();
        assertEquals(List.of(
                "work: 25% 25/100 [00:02<00:06]",
                "work: 60% 60/100 [00:03<00:02]",
                "work: 80% 80/100 [00:05<00:01] loss 1.25",
                "work: 100% 100/100 [00:08] loss 1.25"), lines());
    }

    @Test
    void iteratingAThousandItemsPrintsFourLines() {
        List<Integer> items = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
        long sum = 0;
        for (int x : bar(items, items.size())) {
            now[0] += SECOND / 100;
            sum += x;
        }
        assertEquals(499_500, sum);
        List<String> lines = lines();
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("work: 25% 250/1000 ["), lines.get(0));
        assertEquals("work: 100% 1000/1000 [00:10]", lines.get(3));
    }

    @Test
    void emptyWorkStillReportsDone() {
        for (Object o : bar(List.of(), 0)) throw new AssertionError("no items expected: " + o);
        assertEquals(List.of("work: 100% 0/0 [00:00]"), lines());
    }

    @Test
    void inPlaceSinkGetsOneDisplayAndThrottledUpdates() {
        List<String> events = new ArrayList<>();
        Display.Sink old = Display.sink();
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) ->
                events.add((update ? "update " : "display ") + bundle.get("text/plain")));
        try {
            ProgressBar<Void> bar = bar(null, 1000);
            for (int i = 0; i <= 1000; i++) {
                now[0] = i * 10_000_000L; // 10 ms per step, 10 s in all
                bar.update(i);
            }
            bar.finish();
        } finally {
            Display.setSink(old);
        }
        assertEquals("display work: 0% 0/1000 [00:00]", events.get(0));
        assertEquals("update work: 100% 1000/1000 [00:10]", events.get(events.size() - 1));
        // one update per 200 ms at most: 50 over 10 s, plus the final one
        assertTrue(events.size() <= 52, () -> events.size() + " events");
        assertTrue(lines().isEmpty(), "nothing printed in place mode");
    }

    @Test
    void htmlFormIsAProgressElement() {
        Map<String, String>[] last = new Map[1];
        Display.Sink old = Display.sink();
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) -> last[0] = bundle);
        try {
            ProgressBar<Void> bar = bar(null, 4);
            bar.update(1);
            assertTrue(last[0].get("text/html").contains("<progress value='1' max='4'"), last[0].get("text/html"));
        } finally {
            Display.setSink(old);
        }
    }

    @Test
    void clockFormatsLikeFastai() {
        assertEquals("00:00", ProgressBar.clock(0.4));
        assertEquals("01:05", ProgressBar.clock(65));
        assertEquals("1:01:01", ProgressBar.clock(3661));
    }

    @Test
    void rejectsNegativeTotalAndIteratingWithoutItems() {
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.total(-1, "x"));
        assertThrows(IllegalStateException.class, () -> ProgressBar.total(3, "x").iterator());
    }

    @Test
    void showAfterHidesShortWorkAndShowsLongWork() {
        ProgressBar<Void> quick = this.<Void>bar(null, 100).showAfter(1000);
        quick.update(0);
        now[0] = SECOND / 2;
        quick.update(60);
        quick.finish();
        assertEquals(List.of(), lines(), "done within the delay: nothing");
        now[0] = 0;
        ProgressBar<Void> slow = this.<Void>bar(null, 100).showAfter(1000);
        slow.update(0);
        now[0] = SECOND * 2;
        slow.update(60);
        now[0] = SECOND * 3;
        slow.finish();
        assertEquals(List.of("work: 60% 60/100 [00:02<00:01]", "work: 100% 100/100 [00:03]"), lines());
    }
}
