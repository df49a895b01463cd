package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Run All" in a real front end sends every cell at once: after a failing cell (with
 * {@code stop_on_error}) or an interrupt, the queued cells are aborted and none of them runs, and
 * the interrupt stops only the running cell ({@code python/run_all.py}).
 */
class KernelRunAllTest {
    @TempDir
    static Path dir;
    static JsonObject seen;

    @BeforeAll
    static void runTheSession() throws Exception {
        seen = RealKernel.session(dir, "run_all.py");
    }

    private static List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        seen.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static String resultOf(JsonArray outputs) {
        JsonArray last = outputs.get(outputs.size() - 1).getAsJsonArray();
        assertEquals("execute_result", last.get(0).getAsString(), outputs::toString);
        return last.get(1).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString();
    }

    @Test
    void aFailingCellAbortsTheCellsQueuedBehindIt() {
        assertEquals(List.of("ok", "error", "aborted", "aborted"), strings("after_error"));
        assertEquals("1", resultOf(seen.getAsJsonArray("ran_after_error")), "only the first ran++ ran");
    }

    @Test
    void anInterruptStopsTheRunningCellAndAbortsTheQueue() {
        JsonObject first = seen.getAsJsonObject("interrupted");
        assertEquals("error", first.get("status").getAsString());
        assertEquals("Interrupted", first.get("ename").getAsString());
        assertEquals(List.of("aborted", "aborted", "aborted"), strings("after_interrupt"));
        String outputs = seen.getAsJsonArray("interrupt_outputs").toString();
        assertTrue(!outputs.contains("queued cell ran"), outputs);
        assertTrue(seen.get("interrupt_seconds").getAsDouble() < 5, "stopped in " + seen.get("interrupt_seconds") + " s");
    }

    @Test
    void theCellAfterAnInterruptRunsUntouched() {
        JsonObject next = seen.getAsJsonObject("next_cell");
        assertEquals("ok", next.get("status").getAsString(), next::toString);
        assertEquals("1", resultOf(next.getAsJsonArray("outputs")), "no queued cell ran: " + next);
    }

    @Test
    void anInterruptEndsAWaitInLibraryCode() {
        assertEquals(List.of("error", "aborted"), strings("sleep_interrupted"));
    }

    @Test
    void withoutStopOnErrorTheQueueGoesOnAsInIPykernel() {
        assertEquals(List.of("error", "ok"), strings("no_stop_on_error"));
    }
}
