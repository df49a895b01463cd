package textdive.kernel;

import textdive.io.AtomicFiles;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An nbformat 4 notebook as JSON, read and written the way Jupyter does (1-space indent, sorted
 * keys, multi-line strings as lists of lines, trailing newline), so a headless run leaves a diff
 * that looks like a Jupyter save.
 */
public final class Notebook {
    public static final String KERNEL_NAME = "textdive-java";
    public static final String KERNEL_DISPLAY_NAME = "Java (textdive)";

    private final Path path;
    private final JsonObject json;

    private Notebook(Path path, JsonObject json) {
        this.path = path;
        this.json = json;
    }

    public static Notebook read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notebook " + path, e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(path + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("cells"))
            throw new IllegalArgumentException(path + " is not a notebook (no \"cells\")");
        JsonObject nb = root.getAsJsonObject();
        int major = nb.has("nbformat") ? nb.get("nbformat").getAsInt() : 0;
        if (major != 4) throw new IllegalArgumentException(path + " is nbformat " + major + ", expected 4");
        return new Notebook(path, nb);
    }

    public Path path() {
        return path;
    }

    public JsonObject json() {
        return json;
    }

    public List<JsonObject> cells() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cells")) out.add(e.getAsJsonObject());
        return out;
    }

    public static boolean isCode(JsonObject cell) {
        return "code".equals(cell.get("cell_type").getAsString());
    }

    /** A cell's source as one string (nbformat allows a string or a list of lines). */
    public static String source(JsonObject cell) {
        return joinLines(cell.get("source"));
    }

    public static List<String> tags(JsonObject cell) {
        List<String> out = new ArrayList<>();
        JsonObject md = cell.has("metadata") ? cell.getAsJsonObject("metadata") : null;
        if (md != null && md.has("tags") && md.get("tags").isJsonArray())
            for (JsonElement t : md.getAsJsonArray("tags")) out.add(t.getAsString());
        return out;
    }

    public static String joinLines(JsonElement e) {
        if (e == null || e.isJsonNull()) return "";
        if (e.isJsonPrimitive()) return e.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : e.getAsJsonArray()) sb.append(line.getAsString());
        return sb.toString();
    }

    /** Jupyter's on-disk form of a multi-line string: lines, each but the last keeping its newline. */
    public static JsonArray splitLines(String text) {
        JsonArray out = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** A MIME bundle as nbformat stores it: text types as lists of lines, images as one string. */
    public static JsonObject bundleJson(Map<String, String> bundle) {
        JsonObject data = new JsonObject();
        bundle.forEach((mime, value) -> {
            boolean split = mime.startsWith("text/") || mime.equals("image/svg+xml") || mime.equals("application/javascript");
            data.add(mime, split ? splitLines(value) : new JsonPrimitive(value));
        });
        return data;
    }

    /**
     * Names the textdive-java kernel in the metadata, stores sources as lists of lines (as Jupyter
     * saves them) and gives cells ids where nbformat 4.5 needs them.
     */
    public void normalize() {
        for (JsonObject c : cells()) c.add("source", splitLines(source(c)));
        JsonObject md = json.has("metadata") ? json.getAsJsonObject("metadata") : new JsonObject();
        json.add("metadata", md);
        JsonObject ks = new JsonObject();
        ks.addProperty("display_name", KERNEL_DISPLAY_NAME);
        ks.addProperty("language", "java");
        ks.addProperty("name", KERNEL_NAME);
        md.add("kernelspec", ks);
        JsonObject li = md.has("language_info") ? md.getAsJsonObject("language_info") : new JsonObject();
        li.addProperty("name", "java");
        md.add("language_info", li);
        int minor = json.has("nbformat_minor") ? json.get("nbformat_minor").getAsInt() : 0;
        if (minor >= 5) {
            for (JsonObject c : cells()) {
                if (!c.has("id")) c.addProperty("id", UUID.randomUUID().toString().substring(0, 8));
            }
        }
    }

    /** Writes the notebook atomically (temp file, then rename). */
    public void write() {
        write(path);
    }

    public void write(Path target) {
        try {
            AtomicFiles.writeString(target, toJupyterJson(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write notebook " + target, e);
        }
    }

    /** {@code json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"}, as Jupyter saves. */
    public static String toJupyterJson(JsonElement root) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.setIndent(" ");
            w.setHtmlSafe(false);
            w.setSerializeNulls(true);
            writeSorted(root, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw + "\n";
    }

    private static void writeSorted(JsonElement e, JsonWriter w) throws IOException {
        if (e == null || e.isJsonNull()) {
            w.nullValue();
        } else if (e.isJsonObject()) {
            w.beginObject();
            Map<String, JsonElement> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) sorted.put(en.getKey(), en.getValue());
            for (Map.Entry<String, JsonElement> en : sorted.entrySet()) {
                w.name(en.getKey());
                writeSorted(en.getValue(), w);
            }
            w.endObject();
        } else if (e.isJsonArray()) {
            w.beginArray();
            for (JsonElement x : e.getAsJsonArray()) writeSorted(x, w);
            w.endArray();
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) w.value(p.getAsBoolean());
            else if (p.isNumber()) w.value(p.getAsNumber());
            else w.value(p.getAsString());
        }
    }

    static JsonElement nullable(Integer n) {
        return n == null ? JsonNull.INSTANCE : new JsonPrimitive(n);
    }
}
