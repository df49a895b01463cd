package textdive.kernel;

import textdive.io.AtomicFiles;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /** Deeper nesting is refused on reading: Jupyter's Python cannot read it, and writing it back would overflow the stack. */
    private static final int MAX_DEPTH = 500;

    private final Path path;
    private final JsonObject json;

    private Notebook(Path path, JsonObject json) {
        this.path = path;
        this.json = json;
    }

    /**
     * Reads an nbformat 4 notebook. Anything Jupyter would not read as one (not UTF-8, not strict
     * JSON, another nbformat, cells or fields of the wrong type) is refused here, naming the file and
     * what is wrong, rather than failing later deep inside a run or an export.
     */
    public static Notebook read(Path path) {
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notebook " + path, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) { // the decoder stops at the first bad byte
            throw new IllegalArgumentException(path + " is not UTF-8 text, as a notebook must be (byte " + bytes.position() + ")", e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        if (text.isBlank()) throw new IllegalArgumentException(path + " is empty, not a notebook");
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT); // Jupyter's json module reads no comments, single quotes or bare words
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) throw new JsonSyntaxException("text after the JSON value at " + reader.getPath());
        } catch (JsonParseException | IOException e) {
            throw new IllegalArgumentException(path + " is not valid JSON: " + jsonProblem(e), e);
        }
        if (!root.isJsonObject()) throw new IllegalArgumentException(path + " is not a notebook (not a JSON object)");
        JsonObject nb = root.getAsJsonObject();
        String problem = problem(nb);
        if (problem != null) throw new IllegalArgumentException(path + " " + problem);
        return new Notebook(path, nb);
    }

    /** Gson's message for a syntax error without its advice to read leniently and its link. */
    private static String jsonProblem(Exception e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage());
        int see = m.indexOf("\nSee https://");
        if (see >= 0) m = m.substring(0, see);
        return m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }

    /** What makes {@code nb} unreadable as nbformat 4 for the runner and the export, or null. */
    private static String problem(JsonObject nb) {
        if (!nb.has("nbformat")) return nb.has("cells") ? "has no \"nbformat\" version" : "is not a notebook (no \"nbformat\" and no \"cells\")";
        Integer major = integer(nb.get("nbformat"));
        if (major == null) return "has \"nbformat\": " + nb.get("nbformat") + ", not a version number";
        if (major != 4) return "is nbformat " + major + ", expected 4";
        if (nb.has("nbformat_minor") && integer(nb.get("nbformat_minor")) == null)
            return "has \"nbformat_minor\": " + nb.get("nbformat_minor") + ", not a version number";
        if (nb.has("metadata") && !nb.get("metadata").isJsonObject()) return "has \"metadata\" that is not an object";
        if (nb.has("metadata") && nb.getAsJsonObject("metadata").has("language_info")
                && !nb.getAsJsonObject("metadata").get("language_info").isJsonObject())
            return "has \"metadata.language_info\" that is not an object";
        if (!nb.has("cells") || !nb.get("cells").isJsonArray()) return "has no \"cells\" list";
        int index = 0;
        for (JsonElement e : nb.getAsJsonArray("cells")) {
            index++;
            String where = "has cell " + index + " ";
            if (!e.isJsonObject()) return where + "that is not an object";
            JsonObject cell = e.getAsJsonObject();
            JsonElement type = cell.get("cell_type");
            if (!isString(type)) return where + "without a \"cell_type\" string";
            JsonElement source = cell.get("source");
            if (source != null && !isString(source) && !isStringList(source))
                return where + "whose \"source\" is neither a string nor a list of strings";
            JsonElement md = cell.get("metadata");
            if (md != null && !md.isJsonObject()) return where + "whose \"metadata\" is not an object";
            if (md != null && md.getAsJsonObject().has("tags") && !isStringList(md.getAsJsonObject().get("tags")))
                return where + "whose \"metadata.tags\" is not a list of strings";
        }
        return depth(nb) > MAX_DEPTH ? "is nested more than " + MAX_DEPTH + " levels deep" : null;
    }

    private static Integer integer(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return null;
        try {
            return Integer.valueOf(e.getAsString());
        } catch (NumberFormatException x) {
            return null;
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isStringList(JsonElement e) {
        if (e == null || !e.isJsonArray()) return false;
        for (JsonElement x : e.getAsJsonArray()) if (!isString(x)) return false;
        return true;
    }

    /** How deeply objects and arrays nest in {@code root}, counted without recursion. */
    private static int depth(JsonElement root) {
        int max = 0;
        Deque<Map.Entry<JsonElement, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonElement, Integer> next = todo.pop();
            JsonElement e = next.getKey();
            int d = next.getValue();
            if (e.isJsonObject()) {
                max = Math.max(max, d);
                for (JsonElement child : e.getAsJsonObject().asMap().values()) todo.push(Map.entry(child, d + 1));
            } else if (e.isJsonArray()) {
                max = Math.max(max, d);
                for (JsonElement child : e.getAsJsonArray()) todo.push(Map.entry(child, d + 1));
            }
            if (max > MAX_DEPTH) break;
        }
        return max;
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
     * saves them) and gives cells the keys nbformat needs (ids from 4.5 on, metadata, and outputs and
     * an execution count for code cells): a notebook written by hand without them is saved as one
     * Jupyter reads. Another language's {@code language_info} (its version, lexer, file extension) is
     * replaced, not relabelled.
     */
    public void normalize() {
        for (JsonObject c : cells()) {
            c.add("source", splitLines(source(c)));
            if (!c.has("metadata")) c.add("metadata", new JsonObject());
            if (isCode(c) && !c.has("outputs")) c.add("outputs", new JsonArray());
            if (isCode(c) && !c.has("execution_count")) c.add("execution_count", JsonNull.INSTANCE);
        }
        JsonObject md = json.has("metadata") ? json.getAsJsonObject("metadata") : new JsonObject();
        json.add("metadata", md);
        JsonObject ks = new JsonObject();
        ks.addProperty("display_name", KERNEL_DISPLAY_NAME);
        ks.addProperty("language", "java");
        ks.addProperty("name", KERNEL_NAME);
        md.add("kernelspec", ks);
        JsonObject li = md.has("language_info") ? md.getAsJsonObject("language_info") : new JsonObject();
        if (!isString(li.get("name")) || !li.get("name").getAsString().equals("java")) li = new JsonObject();
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

    /** Writes through a symbolic link to the file it names (as Jupyter saves), keeping the link. */
    public void write(Path target) {
        try {
            if (Files.isSymbolicLink(target)) target = target.toRealPath();
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
        return escapeLoneSurrogates(sw + "\n");
    }

    /**
     * A lone UTF-16 surrogate (legal in JSON as an escape, read from some notebooks) has no UTF-8
     * form and would be saved as {@code ?}: it is written as its JSON escape instead. Only
     * strings can hold one, so the escape always lands inside a JSON string.
     */
    static String escapeLoneSurrogates(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
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
