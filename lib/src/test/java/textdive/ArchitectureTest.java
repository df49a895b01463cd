package textdive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The package layering, checked by reading the sources: which package may use which. A use is an
 * import or a fully qualified name in code (comments and string literals do not count). To add a
 * rule, add a line to {@link #RULES}.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");

    /**
     * {@code from} (a package and its sub-packages) must not use any of the {@code forbidden} names (a
     * package, a class or a method, fully qualified), except in the files under {@code except}
     * (paths relative to {@code src/main/java}).
     */
    record Rule(String description, String from, List<String> forbidden, List<String> except) {
        Rule(String description, String from, List<String> forbidden) {
            this(description, from, forbidden, List.of());
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("datasets imports neither viz nor learn", "textdive.datasets", List.of("textdive.viz", "textdive.learn")),
            new Rule("text does not import datasets", "textdive.text", List.of("textdive.datasets")),
            new Rule("the ground floor (io, config) imports no other textdive package", "textdive.io",
                    List.of("textdive.text", "textdive.data", "textdive.datasets", "textdive.nn", "textdive.optim", "textdive.learn",
                            "textdive.models", "textdive.viz", "textdive.course", "textdive.bench")),
            new Rule("config imports no other textdive package", "textdive.config",
                    List.of("textdive.io", "textdive.text", "textdive.data", "textdive.datasets", "textdive.nn", "textdive.optim",
                            "textdive.learn", "textdive.models", "textdive.viz", "textdive.course", "textdive.bench")),
            new Rule("TensorFlow stays in nn and optim (data may hold host arrays: org.tensorflow.ndarray; the doctor lists"
                    + " TensorFlow's devices through its C API)", "textdive",
                    List.of("org.tensorflow"), List.of("textdive/nn/", "textdive/optim/", "textdive/data/", "textdive/doctor/TensorFlowDevices.java")),
            new Rule("data uses only TensorFlow's host arrays", "textdive.data",
                    List.of("org.tensorflow.types", "org.tensorflow.op", "org.tensorflow.Graph", "org.tensorflow.Session", "org.tensorflow.Operand",
                            "org.tensorflow.Tensor", "org.tensorflow.proto")),
            new Rule("settings are read in one place: System.getenv only in config.Settings (and bench's tool lookup, and the doctor's"
                    + " view of the dynamic loader's LD_LIBRARY_PATH and PATH)", "textdive",
                    List.of("System.getenv"), List.of("textdive/config/Settings.java", "textdive/bench", "textdive/doctor/Host.java")));

    static Stream<Rule> rules() {
        return RULES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void packageRule(Rule rule) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path f : sourcesOf(rule.from())) {
            String rel = SOURCES.relativize(f).toString().replace('\\', '/');
            if (rule.except().stream().anyMatch(rel::startsWith)) continue;
            String code = codeOnly(Files.readString(f));
            String[] lines = code.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String bad : rule.forbidden()) {
                    if (uses(lines[i], bad)) violations.add(SOURCES.relativize(f) + ":" + (i + 1) + " uses " + bad + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), violations, rule.description());
    }

    /** Notebooks, exercises and solutions are the course: no TensorFlow plumbing in them (the library hides it). */
    @Test
    void noNotebookExerciseOrSolutionUsesTensorFlow() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String dir : List.of("notebooks", "exercises", "solutions")) {
            Path root = Path.of("..").resolve(dir);
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.list(root)) {
                for (Path nb : s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList()) {
                    var json = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
                    for (var cell : json.getAsJsonArray("cells")) {
                        var c = cell.getAsJsonObject();
                        if (!"code".equals(c.get("cell_type").getAsString())) continue;
                        StringBuilder src = new StringBuilder();
                        var source = c.get("source");
                        if (source.isJsonArray()) source.getAsJsonArray().forEach(l -> src.append(l.getAsString()));
                        else src.append(source.getAsString());
                        if (uses(codeOnly(src.toString()), "org.tensorflow")) violations.add(dir + "/" + nb.getFileName());
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "notebooks use textdive's API, not TensorFlow's");
    }

    @Test
    void theCheckerSeesImportsAndQualifiedNamesButNotComments() {
        String code = codeOnly("""
                import textdive.viz.Display;
                /** see {@code textdive.learn.Learner} */ // textdive.learn too
                String s = "textdive.learn.Learner";
                Object o = new textdive.learn.Recorder();
                """);
        assertTrue(uses(code.split("\n")[0], "textdive.viz"));
        assertFalse(uses(code.split("\n")[1], "textdive.learn"), "comments do not count");
        assertFalse(uses(code.split("\n")[2], "textdive.learn"), "strings do not count");
        assertTrue(uses(code.split("\n")[3], "textdive.learn"));
        assertFalse(uses("import textdive.vizier.X;", "textdive.viz"), "a longer package name is another package");
    }

    private static boolean uses(String line, String name) {
        Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w])").matcher(line);
        return m.find();
    }

    private static List<Path> sourcesOf(String pkg) throws IOException {
        Path dir = SOURCES.resolve(pkg.replace('.', '/'));
        assertTrue(Files.isDirectory(dir), "no package " + pkg + " under " + SOURCES.toAbsolutePath());
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The source with comments and string/char literals blanked out, line structure kept. */
    static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
                if (i < n) out.append('\n');
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(src.charAt(i) == '*' && i + 1 < n && src.charAt(i + 1) == '/')) {
                    if (src.charAt(i) == '\n') out.append('\n');
                    i++;
                }
                i++;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                for (int k = i; k < end; k++) if (src.charAt(k) == '\n') out.append('\n');
                out.append("\"\"");
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int k = i + 1;
                while (k < n && src.charAt(k) != c && src.charAt(k) != '\n') k += src.charAt(k) == '\\' ? 2 : 1;
                out.append(c).append(c);
                i = Math.min(k, n - 1);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
