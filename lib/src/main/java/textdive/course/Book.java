package textdive.course;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values the book printed, for notebooks to show beside their own: read from the course's
 * reference file {@value #RESOURCE}, which {@link BookReference} writes from fastbook's recorded
 * outputs. Keys name the chapter and what was printed: {@code Book.count("12.nums")} is 63,095,
 * {@code Book.column("12.LMModel1", "accuracy")} the accuracy per epoch of the book's LMModel1 run.
 */
public final class Book {
    /** Where the reference file lives on the class path (in the repository: {@code lib/src/main/resources/}). */
    public static final String RESOURCE = "textdive/course/fastbook.json";

    private static volatile JsonObject values;

    private Book() {}

    private static JsonObject values() {
        if (values == null) {
            try (InputStream in = Book.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("the book's reference file " + RESOURCE + " is not on the class path");
                values = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject("values");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
        return values;
    }

    /** Every key, sorted. */
    public static Set<String> keys() {
        return new TreeSet<>(values().keySet());
    }

    private static JsonObject entry(String key) {
        JsonElement e = values().get(key);
        if (e == null) {
            String chapter = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : "";
            List<String> near = keys().stream().filter(k -> k.startsWith(chapter)).toList();
            throw new IllegalArgumentException("the book has no recorded value '" + key + "'; known keys: " + (near.isEmpty() ? keys() : near));
        }
        return e.getAsJsonObject();
    }

    private static JsonElement value(String key) {
        return entry(key).get("value");
    }

    /** Where a value was recorded: {@code "12_nlp_dive.ipynb, cell 41"}. */
    public static String source(String key) {
        JsonObject e = entry(key);
        return e.get("notebook").getAsString() + ", cell " + e.get("cell").getAsInt();
    }

    /** A string the book printed ({@code "10.txt[:75]"}). */
    public static String text(String key) {
        JsonElement v = value(key);
        if (!v.isJsonPrimitive()) throw new IllegalArgumentException("the book's '" + key + "' is not a string: " + v);
        return v.getAsString();
    }

    /** The size of a collection fastai printed as {@code (#N) [...]} ({@code "12.nums"} → 63095). */
    public static int count(String key) {
        return counted(key).get("count").getAsInt();
    }

    /** The items of such a collection that the book's output shows (the first ten or so). */
    public static List<String> shown(String key) {
        JsonObject c = counted(key);
        if (!c.has("shown")) throw new IllegalArgumentException("the book's '" + key + "' shows nested items, not a list: " + c.get("shown_text"));
        List<String> out = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("shown")) out.add(e.getAsString());
        return out;
    }

    private static JsonObject counted(String key) {
        JsonElement v = value(key);
        if (!v.isJsonObject() || !v.getAsJsonObject().has("count")) throw new IllegalArgumentException("the book's '" + key + "' is not a (#N) collection: " + v);
        return v.getAsJsonObject();
    }

    /** Every number of an output, in order ({@code "12.baseline"} → 29, 0.15165200855716662). */
    public static double[] numbers(String key) {
        JsonElement v = value(key);
        if (!v.isJsonArray()) throw new IllegalArgumentException("the book's '" + key + "' is not a list of numbers: " + v);
        JsonArray a = v.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }

    /** The rows of a table the book printed, cells as printed. */
    public static List<List<String>> rows(String key) {
        List<List<String>> out = new ArrayList<>();
        for (JsonElement r : table(key).getAsJsonArray("rows")) {
            List<String> row = new ArrayList<>();
            for (JsonElement c : r.getAsJsonArray()) row.add(c.getAsString());
            out.add(row);
        }
        return out;
    }

    /** One numeric column of a training table ({@code column("12.LMModel1", "accuracy")}), epoch by epoch. */
    public static double[] column(String key, String name) {
        JsonObject t = table(key);
        List<String> columns = new ArrayList<>();
        for (JsonElement c : t.getAsJsonArray("columns")) columns.add(c.getAsString());
        int i = columns.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("the book's table '" + key + "' has no column '" + name + "'; columns: " + columns);
        List<List<String>> rows = rows(key);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = Double.parseDouble(rows.get(r).get(i));
        return out;
    }

    /** The last value of a column: the book's final result. */
    public static double last(String key, String name) {
        double[] c = column(key, name);
        return c[c.length - 1];
    }

    private static JsonObject table(String key) {
        JsonElement v = value(key);
        if (!v.isJsonObject() || !v.getAsJsonObject().has("rows")) throw new IllegalArgumentException("the book's '" + key + "' is not a table: " + v);
        return v.getAsJsonObject();
    }
}
