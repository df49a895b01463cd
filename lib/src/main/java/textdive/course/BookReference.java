package textdive.course;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import textdive.io.AtomicFiles;

/**
 * Writes the course's reference file of the book's values, {@value Book#RESOURCE}, from fastbook's
 * recorded cell outputs ({@code 10_nlp.outputs.json} and {@code 12_nlp_dive.outputs.json}, outputs only,
 * no code or prose, as kept in the dataset mirror's {@code reference/} folder). Each value the course
 * cites gets a key, the notebook and cell it comes from, and a plain JSON value, so notebooks read
 * {@code Book.column("12.LMModel1", "accuracy")} instead of copying numbers by hand:
 *
 * <pre>java -cp "$(./textdive classpath)" textdive.course.BookReference $TEXTDIVE_MIRROR/reference lib/src/main/resources/textdive/course/fastbook.json</pre>
 *
 * {@code BookTest} checks that the committed file is what this writes.
 */
public final class BookReference {
    private BookReference() {}

    /** How a recorded output becomes a value. */
    enum Kind {
        /**
         * fastai's {@code (#N) [a, b, ...]}: {@code {"count": N, "shown": [...]}} (the items shown, strings or
         * integers), or {@code "shown_text"} as printed when the items are tuples or tensors.
         */
        COUNTED,
        /** A Python {@code str} repr: the string. */
        STRING,
        /** Every number in the text, in order (tensors, tuples, torch.Size). */
        NUMBERS,
        /** An HTML table: {@code {"columns": [...], "rows": [[...], ...]}} (cells as strings). */
        TABLE
    }

    record Spec(String key, String notebook, int cell, Kind kind, String what) {}

    private static final String CH10 = "10_nlp.ipynb";
    private static final String CH12 = "12_nlp_dive.ipynb";

    static final List<Spec> SPECS = List.of(
            new Spec("10.txt[:75]", CH10, 21, Kind.STRING, "the first 75 characters of the example review txt"),
            new Spec("10.spacy(txt)", CH10, 23, Kind.COUNTED, "WordTokenizer() tokens of txt"),
            new Spec("10.spacy(dollar)", CH10, 25, Kind.COUNTED, "WordTokenizer() tokens of 'The U.S. dollar $1 is $1.00.'"),
            new Spec("10.tkn(txt)", CH10, 27, Kind.COUNTED, "Tokenizer(WordTokenizer()) tokens of txt"),
            new Spec("10.tkn(copy)", CH10, 32, Kind.COUNTED, "Tokenizer(WordTokenizer()) tokens of '&copy;   Fast.ai www.fast.ai/INDEX'"),
            new Spec("10.subword(1000)", CH10, 40, Kind.STRING, "the first 40 pieces of txt, SubwordTokenizer(vocab_sz=1000)"),
            new Spec("10.subword(200)", CH10, 42, Kind.STRING, "the first 40 pieces of txt, SubwordTokenizer(vocab_sz=200)"),
            new Spec("10.subword(10000)", CH10, 44, Kind.STRING, "the first 40 pieces of txt, SubwordTokenizer(vocab_sz=10000)"),
            new Spec("10.toks200[0]", CH10, 51, Kind.COUNTED, "the tokens of the first of 200 reviews (txt)"),
            new Spec("10.num.vocab", CH10, 53, Kind.COUNTED, "Numericalize() vocab of toks200"),
            new Spec("10.nums[:20]", CH10, 55, Kind.NUMBERS, "the first 20 ids of txt"),
            new Spec("10.decode(nums[:20])", CH10, 57, Kind.STRING, "those 20 ids decoded"),
            new Spec("10.stream 6x15", CH10, 61, Kind.TABLE, "a 90-token stream as 6 rows of 15"),
            new Spec("10.batch 1", CH10, 63, Kind.TABLE, "its first mini-batch, 6 x 5"),
            new Spec("10.batch 2", CH10, 65, Kind.TABLE, "its second mini-batch"),
            new Spec("10.batch 3", CH10, 67, Kind.TABLE, "its third mini-batch"),
            new Spec("10.LMDataLoader shapes", CH10, 73, Kind.NUMBERS, "shapes of the first x and y of LMDataLoader(nums200)"),
            new Spec("10.x[0][:20]", CH10, 75, Kind.STRING, "the first 20 tokens of x[0], decoded"),
            new Spec("10.y[0][:20]", CH10, 77, Kind.STRING, "the first 20 tokens of y[0], decoded"),
            new Spec("10.lm fit 1", CH10, 93, Kind.TABLE, "language_model_learner: fit_one_cycle(1, 2e-2), frozen"),
            new Spec("10.lm fit 10", CH10, 101, Kind.TABLE, "language model unfrozen: fit_one_cycle(10, 2e-3)"),
            new Spec("10.lengths10", CH10, 119, Kind.COUNTED, "lengths of the first 10 texts of toks200"),
            new Spec("10.clas fit 1", CH10, 126, Kind.TABLE, "text_classifier_learner: fit_one_cycle(1, 2e-2), frozen"),
            new Spec("10.clas fit 2", CH10, 128, Kind.TABLE, "freeze_to(-2): fit_one_cycle(1, slice(1e-2/(2.6**4), 1e-2))"),
            new Spec("10.clas fit 3", CH10, 130, Kind.TABLE, "freeze_to(-3): fit_one_cycle(1, slice(5e-3/(2.6**4), 5e-3))"),
            new Spec("10.clas fit 4", CH10, 132, Kind.TABLE, "unfreeze(): fit_one_cycle(2, slice(1e-3/(2.6**4), 1e-3))"),
            new Spec("12.lines", CH12, 13, Kind.COUNTED, "the lines of train.txt then valid.txt"),
            new Spec("12.text[:100]", CH12, 15, Kind.STRING, "the first 100 characters of the joined text"),
            new Spec("12.vocab", CH12, 19, Kind.COUNTED, "the vocab, in order of first appearance"),
            new Spec("12.nums", CH12, 21, Kind.COUNTED, "the ids of all tokens"),
            new Spec("12.seqs", CH12, 25, Kind.COUNTED, "3-token inputs and the next token, every 3 tokens"),
            new Spec("12.LMModel1", CH12, 41, Kind.TABLE, "LMModel1: fit_one_cycle(4, 1e-3)"),
            new Spec("12.baseline", CH12, 43, Kind.NUMBERS, "the most common validation target: index and share"),
            new Spec("12.LMModel2", CH12, 51, Kind.TABLE, "LMModel2: fit_one_cycle(4, 1e-3)"),
            new Spec("12.(m, bs, len(seqs))", CH12, 66, Kind.NUMBERS, "m = len(seqs)//bs, bs, len(seqs)"),
            new Spec("12.LMModel3", CH12, 72, Kind.TABLE, "LMModel3: fit_one_cycle(10, 3e-3)"),
            new Spec("12.LMModel4", CH12, 86, Kind.TABLE, "LMModel4: fit_one_cycle(15, 3e-3)"),
            new Spec("12.LMModel5", CH12, 97, Kind.TABLE, "LMModel5: fit_one_cycle(15, 3e-3)"),
            new Spec("12.arange(0,10).chunk(2)", CH12, 113, Kind.NUMBERS, "torch.arange(0,10).chunk(2)"),
            new Spec("12.LMModel6", CH12, 118, Kind.TABLE, "LMModel6: fit_one_cycle(15, 1e-2)"),
            new Spec("12.LMModel7", CH12, 140, Kind.TABLE, "LMModel7: fit_one_cycle(15, 1e-2, wd=0.1)"));

    /** The reference file's content from the folder holding fastbook's {@code *.outputs.json}. */
    public static JsonObject extract(Path referenceDir) throws IOException {
        Map<String, JsonObject> notebooks = new TreeMap<>();
        JsonObject sources = new JsonObject();
        for (String nb : List.of(CH10, CH12)) {
            Path file = referenceDir.resolve(nb.replace(".ipynb", ".outputs.json"));
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("fastbook outputs not found: " + file);
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            notebooks.put(nb, o);
            JsonObject src = o.getAsJsonObject("source");
            JsonObject s = new JsonObject();
            for (String k : List.of("repository", "path", "commit", "commit_date", "git_blob")) s.add(k, src.get(k));
            sources.add(nb, s);
        }
        JsonObject values = new JsonObject();
        for (Spec spec : SPECS) {
            String text = output(notebooks.get(spec.notebook()), spec);
            JsonObject v = new JsonObject();
            v.addProperty("notebook", spec.notebook());
            v.addProperty("cell", spec.cell());
            v.addProperty("what", spec.what());
            v.add("value", parse(spec, text));
            values.add(spec.key(), v);
        }
        JsonObject root = new JsonObject();
        root.addProperty("about", "Values recorded in fastbook's notebooks (outputs only), extracted by textdive.course.BookReference;"
                + " 'cell' is the 0-based index of the cell in the notebook.");
        root.add("sources", sources);
        root.add("values", values);
        return root;
    }

    /** The text of the cell's output that holds the value: HTML for a table, else the last text/plain or stream. */
    private static String output(JsonObject nb, Spec spec) {
        for (JsonElement el : nb.getAsJsonArray("cells")) {
            JsonObject cell = el.getAsJsonObject();
            if (cell.get("cell_index").getAsInt() != spec.cell()) continue;
            String found = null;
            for (JsonElement oe : cell.getAsJsonArray("outputs")) {
                JsonObject o = oe.getAsJsonObject();
                if (o.has("text")) found = join(o.get("text"));
                JsonObject data = o.getAsJsonObject("data");
                if (data == null) continue;
                String mime = spec.kind() == Kind.TABLE ? "text/html" : "text/plain";
                if (data.has(mime) && !join(data.get(mime)).isEmpty()) found = join(data.get(mime));
            }
            if (found == null) throw new IllegalStateException(spec.notebook() + " cell " + spec.cell() + " has no output for " + spec.key());
            return found;
        }
        throw new IllegalStateException(spec.notebook() + " has no recorded cell " + spec.cell() + " (" + spec.key() + ")");
    }

    private static String join(JsonElement e) {
        if (e.isJsonPrimitive()) return e.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement x : e.getAsJsonArray()) sb.append(x.getAsString());
        return sb.toString();
    }

    static JsonElement parse(Spec spec, String text) {
        return switch (spec.kind()) {
            case STRING -> new JsonPrimitive(pythonString(text.strip(), spec));
            case NUMBERS -> numbers(text);
            case COUNTED -> counted(text.strip(), spec);
            case TABLE -> table(text, spec);
        };
    }

    private static final Pattern PY_STRING = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
    private static final Pattern COUNT = Pattern.compile("^\\(#(\\d+)\\) \\[(.*)]$", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t([hd])[^>]*>(.*?)</t[hd]>", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);

    private static String pythonString(String repr, Spec spec) {
        Matcher m = PY_STRING.matcher(repr);
        if (!m.matches()) throw new IllegalStateException(spec.key() + ": not a Python string: " + repr);
        return unescape(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static JsonArray numbers(String text) {
        JsonArray out = new JsonArray();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String n = m.group();
            if (n.contains(".") || n.contains("e") || n.contains("E")) out.add(Double.parseDouble(n));
            else out.add(Long.parseLong(n));
        }
        return out;
    }

    private static JsonObject counted(String text, Spec spec) {
        // fastai sometimes shows the collection's repr as a quoted string
        if (text.startsWith("\"") || text.startsWith("'")) text = pythonString(text, spec);
        Matcher m = COUNT.matcher(text);
        if (!m.matches()) throw new IllegalStateException(spec.key() + ": not fastai's (#N) [...]: " + text);
        JsonObject o = new JsonObject();
        o.addProperty("count", Integer.parseInt(m.group(1)));
        String items = m.group(2);
        if (items.contains("(") || items.contains("[")) {
            o.addProperty("shown_text", items); // nested items (tuples, tensors): kept as printed
            return o;
        }
        JsonArray shown = new JsonArray();
        Matcher s = PY_STRING.matcher(items);
        boolean strings = false;
        while (s.find()) {
            strings = true;
            shown.add(unescape(s.group(1) != null ? s.group(1) : s.group(2)));
        }
        if (!strings) {
            Matcher n = NUMBER.matcher(items);
            while (n.find()) shown.add(Long.parseLong(n.group()));
        }
        o.add("shown", shown);
        return o;
    }

    private static JsonObject table(String html, Spec spec) {
        JsonArray columns = new JsonArray();
        JsonArray rows = new JsonArray();
        Matcher r = ROW.matcher(html);
        while (r.find()) {
            Matcher c = CELL.matcher(r.group(1));
            List<String> heads = new ArrayList<>();
            JsonArray row = new JsonArray();
            while (c.find()) {
                if (c.group(1).equals("h")) heads.add(c.group(2).strip());
                else row.add(c.group(2).strip());
            }
            if (row.isEmpty() && !heads.isEmpty()) heads.forEach(columns::add);
            else if (!row.isEmpty()) rows.add(row);
        }
        if (rows.isEmpty()) throw new IllegalStateException(spec.key() + ": no table rows in the recorded HTML");
        JsonObject o = new JsonObject();
        o.add("columns", columns);
        o.add("rows", rows);
        return o;
    }

    /** The file as written: 2-space indent, keys in extraction order, a trailing newline. */
    static String toJson(JsonObject root) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** {@code BookReference REFERENCE_DIR OUT.json}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BookReference REFERENCE_DIR OUT.json   (REFERENCE_DIR: the mirror's reference/ folder)");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        AtomicFiles.writeString(out, toJson(extract(Path.of(args[0]))), StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " (" + SPECS.size() + " values)");
    }
}
