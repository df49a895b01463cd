package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Jupyter front end receives from the real kernel, message by message (one kernel session,
 * driven by {@code python/protocol.py} through jupyter_client; each test checks one behaviour).
 */
class KernelMessagesTest {
    @TempDir
    static Path dir;
    static JsonObject seen;

    @BeforeAll
    static void runTheSession() throws Exception {
        seen = RealKernel.session(dir, "protocol.py");
    }

    private static JsonArray outputs(String key) {
        return seen.getAsJsonArray(key);
    }

    private static String type(JsonElement output) {
        return output.getAsJsonArray().get(0).getAsString();
    }

    private static JsonObject content(JsonElement output) {
        return output.getAsJsonArray().get(1).getAsJsonObject();
    }

    @Test
    void errorsArriveAsErrorMessagesWithoutJShellInternals() {
        JsonArray out = outputs("error_outputs");
        assertEquals(1, out.size(), out::toString);
        assertEquals("error", type(out.get(0)));
        JsonObject e = content(out.get(0));
        assertEquals("java.lang.NullPointerException", e.get("ename").getAsString());
        assertEquals("Cannot invoke \"String.length()\" because \"s\" is null", e.get("evalue").getAsString());
        assertEquals("error", seen.getAsJsonObject("error_reply").get("status").getAsString());
        for (String key : List.of("error_outputs", "overflow_outputs", "cast_outputs")) {
            String all = outputs(key).toString();
            assertFalse(all.contains("$JShell$"), key + " shows JShell's wrapper classes: " + all);
        }
        assertEquals("class Box cannot be cast to class java.lang.String",
                content(outputs("cast_outputs").get(0)).get("evalue").getAsString());
    }

    @Test
    void errorTracebacksAreColouredAsIPythonsAre() {
        JsonArray tb = content(outputs("error_outputs").get(0)).getAsJsonArray("traceback");
        assertEquals("\u001b[0;31mjava.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null\u001b[0m",
                tb.get(0).getAsString());
        assertEquals("    at (this cell, line 2)", tb.get(1).getAsString());
    }

    @Test
    void aStackOverflowsRepeatedFramesAreFolded() {
        JsonArray tb = content(outputs("overflow_outputs").get(0)).getAsJsonArray("traceback");
        assertEquals(3, tb.size(), tb::toString);
        assertTrue(tb.get(1).getAsString().matches("    at down \\(cell \\[\\d+], line 1\\)"), tb::toString);
        assertTrue(tb.get(2).getAsString().matches("    \\.\\.\\. the frame above repeats [\\d,]+ more times"), tb::toString);
    }

    @Test
    void displayAsTheLastLineShowsTheValueOnceAndNoOut() {
        JsonArray out = outputs("display_last_outputs");
        assertEquals(1, out.size(), out::toString);
        assertEquals("display_data", type(out.get(0)));
        assertEquals("shown", content(out.get(0)).getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void silentAndHistorylessExecutionsLeaveTheCounterAlone() {
        JsonArray counts = seen.getAsJsonArray("counter_before_after");
        assertEquals(counts.get(0).getAsInt() + 1, counts.get(1).getAsInt(), counts::toString);
        JsonArray out = outputs("silent_outputs");
        assertEquals(1, out.size(), "a silent execution shows its stream but no result: " + out);
        assertEquals("stream", type(out.get(0)));
    }

    @Test
    void historyRequestsAreAnswered() {
        JsonObject tail = seen.getAsJsonObject("history_tail");
        assertEquals("ok", tail.get("status").getAsString());
        JsonArray h = tail.getAsJsonArray("history");
        assertEquals(2, h.size(), h::toString);
        JsonArray last = h.get(1).getAsJsonArray();
        assertEquals(seen.getAsJsonArray("counter_before_after").get(1).getAsInt(), last.get(1).getAsInt());
        assertEquals("[\"3\",\"3\"]", last.get(2).toString(), "input and output of the last cell");
        JsonArray found = seen.getAsJsonObject("history_search").getAsJsonArray("history");
        assertEquals(1, found.size(), found::toString);
        assertEquals("1 + 1", found.get(0).getAsJsonArray().get(2).getAsString());
    }

    @Test
    void isCompleteJudgesTheWholeCell() {
        JsonObject v = seen.getAsJsonObject("is_complete");
        assertEquals("complete", v.getAsJsonObject("int a = 1;").get("status").getAsString());
        assertEquals("incomplete", v.getAsJsonObject("int a = 1;\nfor (int i = 0; i < 3; i++) {").get("status").getAsString());
        assertEquals("incomplete", v.getAsJsonObject("int a = 1;\nint b = (2 +").get("status").getAsString());
        assertEquals("invalid", v.getAsJsonObject("int a = 1;\n]]").get("status").getAsString());
    }

    /** A field of the wrong type gets an error reply that names it, not silence that leaves the client waiting. */
    @Test
    void aRequestWithAFieldOfTheWrongTypeIsAnsweredWithAnError() {
        JsonObject c = seen.getAsJsonObject("complete_wrong_type");
        assertEquals("error", c.get("status").getAsString());
        assertEquals("IllegalArgumentException", c.get("ename").getAsString());
        assertEquals("complete_request: content.cursor_pos must be a number, not \"end\"", c.get("evalue").getAsString());
        JsonObject e = seen.getAsJsonObject("execute_wrong_type");
        assertEquals("error", e.get("status").getAsString());
        assertEquals("execute_request: content.code must be a string, not {\"not\":\"code\"}", e.get("evalue").getAsString());
        JsonArray counts = seen.getAsJsonArray("execute_wrong_type_counter");
        assertEquals(counts.get(0).getAsInt() + 1, counts.get(1).getAsInt(), "the refused request was not counted: " + counts);
    }

    @Test
    void cursorPositionsCountCodePointsSoCompletionAfterAnEmojiEditsTheRightPlace() {
        JsonObject c = seen.getAsJsonObject("complete_emoji");
        int end = c.get("code_points").getAsInt();
        JsonObject reply = c.getAsJsonObject("reply");
        assertEquals("ok", reply.get("status").getAsString());
        assertEquals(List.of("toUpperCase("), strings(reply.getAsJsonArray("matches")));
        assertEquals(end, reply.get("cursor_end").getAsInt());
        assertEquals(end - "toUpperC".length(), reply.get("cursor_start").getAsInt());
    }

    @Test
    void inspectFindsAMethodByItsNameAndShowsLibraryJavadoc() {
        JsonObject jdk = seen.getAsJsonObject("inspect_jdk_method");
        assertTrue(jdk.get("found").getAsBoolean());
        String text = jdk.getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.contains("void java.io.PrintStream.println(String x)"), text);
        if (Files.isReadable(Path.of(System.getProperty("java.home"), "lib", "src.zip"))) {
            assertTrue(text.contains("Prints a String and then terminates the line."), text);
        }
        String lib = seen.getAsJsonObject("inspect_library").getAsJsonObject("data").get("text/plain").getAsString();
        assertEquals("String textdive.viz.Display.display(Object value)\nShows value and returns an id that #update can refer to.", lib);
    }

    @Test
    void everyReplyCarriesAStatusAndDatesHaveMicroseconds() {
        assertEquals("ok", seen.get("kernel_info_status").getAsString());
        assertEquals("ok", seen.getAsJsonObject("comm_info").get("status").getAsString());
        assertEquals("ok", seen.getAsJsonObject("inspect_library").get("status").getAsString());
        String date = seen.get("kernel_info_date").getAsString();
        assertTrue(date.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"), date);
    }

    @Test
    void aCellReadingSystemInAsksTheFrontEndForInput() {
        JsonObject req = seen.getAsJsonObject("input_request");
        assertEquals("input_request", req.get("type").getAsString());
        assertTrue(req.get("parent").getAsBoolean(), "the input request names the cell's execute request");
        JsonArray out = outputs("input_outputs");
        assertEquals("name? ", content(out.get(0)).get("text").getAsString(), "the prompt printed before reading comes first");
        assertEquals("hello Ada \uD83D\uDE00", content(out.get(1)).getAsJsonObject("data").get("text/plain").getAsString());
        JsonObject e = content(outputs("no_stdin_outputs").get(0));
        assertEquals("StdinNotAvailable", e.get("ename").getAsString());
        assertEquals(2, e.getAsJsonArray("traceback").size(), "the refusal points at the cell only: " + e);
    }

    /** Issue 12's acceptance: 100,000 lines from one cell. */
    @Test
    void aHundredThousandLinesComeInFewMessagesAndNoLineBelowTheCapIsLost() {
        JsonObject flood = seen.getAsJsonObject("flood");
        assertEquals("ok", flood.get("status").getAsString());
        assertTrue(flood.get("iopub_messages").getAsInt() <= 50, "IOPub messages for the cell: " + flood.get("iopub_messages"));
        String[] lines = flood.get("text").getAsString().split("\n");
        assertEquals(OutputCap.MAX_LINES + 1, lines.length);
        for (int i = 0; i < OutputCap.MAX_LINES; i++) assertEquals("line " + i, lines[i]);
        assertEquals("… 95,000 more lines (a cell shows its first 5,000 lines)", lines[OutputCap.MAX_LINES]);
    }

    /** Issue 12, item 3: a cell that prints for a second sends its lines in batches, every 50 ms at most. */
    @Test
    void streamOutputIsBatchedNotSentLineByLine() {
        JsonObject trickle = seen.getAsJsonObject("trickle");
        assertEquals("ok", trickle.get("status").getAsString());
        int messages = trickle.get("stream_messages").getAsInt();
        assertTrue(messages <= 60, "2,000 lines over about a second came in " + messages + " stream messages");
        String[] lines = trickle.get("text").getAsString().split("\n");
        assertEquals(2000, lines.length);
        for (int i = 0; i < lines.length; i++) assertEquals("n" + i, lines[i]);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
