package textdive.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a headless run's nbformat outputs: consecutive stream writes merge into one stream output,
 * {@code display} adds a display_data output and {@code update} replaces that output's data in place
 * (even in an earlier cell), which is what a saved notebook shows after Jupyter's update_display_data.
 * Updates replace what is shown, as in Jupyter ({@link #updatesInPlace}), so a progress bar or a live
 * table ends up in the saved notebook exactly as Jupyter would save it. The terminal echo shows each
 * display's text when it appears and the last state of those updated, when the cell ends.
 */
final class OutputCollector implements CellOutput {
    private final Map<String, JsonObject> displays = new HashMap<>();
    private final Map<JsonObject, StringBuilder> streamText = new IdentityHashMap<>();
    private final PrintStream echo;
    private final Map<String, String> updatedText = new LinkedHashMap<>();
    private JsonArray outputs = new JsonArray();
    private JsonObject lastStream;

    /** @param echo where stream text is also written as it arrives (the terminal), or null */
    OutputCollector(PrintStream echo) {
        this.echo = echo;
    }

    /** Starts collecting into a cell's (cleared) outputs array. */
    void startCell(JsonArray cellOutputs) {
        finishCell();
        outputs = cellOutputs;
        lastStream = null;
    }

    /** Writes merged stream text in Jupyter's list-of-lines form. */
    void finishCell() {
        streamText.forEach((o, sb) -> o.add("text", Notebook.splitLines(sb.toString())));
        streamText.clear();
        if (echo != null) updatedText.values().forEach(echo::println);
        updatedText.clear();
    }

    @Override
    public boolean updatesInPlace() {
        return true;
    }

    @Override
    public void stream(String name, String text) {
        if (text.isEmpty()) return;
        if (echo != null) {
            echo.print(text);
            echo.flush();
        }
        if (lastStream == null || !name.equals(lastStream.get("name").getAsString())) {
            lastStream = new JsonObject();
            lastStream.addProperty("name", name);
            lastStream.addProperty("output_type", "stream");
            lastStream.add("text", new JsonArray());
            outputs.add(lastStream);
            streamText.put(lastStream, new StringBuilder());
        }
        streamText.get(lastStream).append(text);
    }

    @Override
    public void display(String id, Map<String, String> bundle, boolean update) {
        if (echo != null && bundle.containsKey("text/plain")) {
            if (update) updatedText.put(id, bundle.get("text/plain"));
            else echo.println(bundle.get("text/plain"));
        }
        JsonObject shown = update ? displays.get(id) : null;
        if (shown != null) {
            shown.add("data", Notebook.bundleJson(bundle));
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "display_data");
        o.add("data", Notebook.bundleJson(bundle));
        o.add("metadata", new JsonObject());
        outputs.add(o);
        displays.put(id, o);
        lastStream = null;
    }

    void result(int executionCount, Map<String, String> bundle) {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "execute_result");
        o.add("data", Notebook.bundleJson(bundle));
        o.add("metadata", new JsonObject());
        o.addProperty("execution_count", executionCount);
        outputs.add(o);
        lastStream = null;
    }

    void error(CellError e) {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "error");
        o.addProperty("ename", e.ename());
        o.addProperty("evalue", e.evalue());
        JsonArray tb = new JsonArray();
        e.styledTraceback().forEach(tb::add);
        o.add("traceback", tb);
        outputs.add(o);
        lastStream = null;
    }
}
