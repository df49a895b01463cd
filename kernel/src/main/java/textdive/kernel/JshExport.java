package textdive.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import textdive.io.AtomicFiles;

/**
 * A notebook as a plain JShell script, for learners who prefer an editor or a terminal:
 * {@code ./textdive export NOTEBOOK.ipynb...} writes {@code NOTEBOOK.jsh} beside it (or into
 * {@code --out DIR}). The script starts with the kernel's default imports; markdown cells become
 * {@code //} comments and code cells follow in order, each under a {@code // ---- cell N ----} line (N as
 * the headless runner numbers cells). A cell's trailing expression (no semicolon), whose value a notebook
 * shows under the cell, becomes {@code display(...)}, which prints its text form. Run it with the JDK's
 * own {@code jshell}:
 *
 * <pre>cd notebooks && jshell --class-path "$(../textdive classpath)" -R-Xss8m -R-Djava.awt.headless=true 04_lm_from_scratch.jsh</pre>
 *
 * jshell runs every snippet even after one fails and prints {@code Exception ...} or {@code Error:} for
 * the failure; the course suite runs every export and requires neither.
 */
public final class JshExport {
    private JshExport() {}

    /** The command that runs an exported script (the launcher sets {@code textdive.root}), for the header and the launcher's message. */
    public static String runHint() {
        String root = System.getProperty("textdive.root");
        String launcher = root == null || root.isBlank() ? "./textdive" : Path.of(root, "textdive").toString();
        return "jshell --class-path \"$(" + launcher + " classpath)\" -R-Xss8m -R-Djava.awt.headless=true";
    }

    /** The script for a notebook. */
    public static String toJsh(Notebook nb) {
        String name = nb.path() == null ? "notebook" : nb.path().getFileName().toString();
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(name).append(" as a JShell script, written by ./textdive export: markdown cells are comments,\n")
                .append("// code cells follow in order, and a cell's trailing expression is shown with display(...).\n")
                .append("// Run it with the library on the class path, from the notebook's folder (where Jupyter runs it):\n")
                .append("//   ").append(runHint()).append(" ").append(name.replaceAll("\\.ipynb$", ".jsh")).append("\n\n")
                .append("// the notebook kernel's default imports\n");
        for (String imp : Evaluator.DEFAULT_IMPORTS) sb.append(imp).append('\n');
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            int number = 0;
            for (JsonObject cell : nb.cells()) {
                String source = Notebook.source(cell);
                if (Notebook.isCode(cell)) {
                    number++;
                    sb.append("\n// ---- cell ").append(number).append(" ----\n")
                            .append(readableByJshell(withDisplayedValue(source, analysis), analysis)).append('\n');
                } else if (cell.has("cell_type") && cell.get("cell_type").getAsString().equals("markdown") && !source.isBlank()) {
                    sb.append('\n');
                    // every line end Java knows (a lone \r too) starts a new comment line, or the text after it would run as code
                    for (String line : source.strip().split("\r\n|\r|\n", -1)) sb.append(line.isEmpty() ? "//" : "// " + line).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The cell's code with its trailing expression, if it has one, wrapped in {@code display(...);}. */
    static String withDisplayedValue(String code, SourceCodeAnalysis analysis) {
        String rest = code;
        int lastStart = -1;
        String last = null;
        SourceCodeAnalysis.Completeness lastCompleteness = null;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            if (!info.completeness().isComplete()) return code.stripTrailing(); // leave it to jshell to report
            String source = info.source();
            int skip = Math.min(Evaluator.skipBlankAndComments(source), source.length());
            lastStart = code.length() - rest.length() + skip;
            last = source.substring(skip);
            lastCompleteness = info.completeness();
            rest = info.remaining();
        }
        if (last == null || lastCompleteness != SourceCodeAnalysis.Completeness.COMPLETE || !code.startsWith(last, lastStart)) {
            return code.stripTrailing();
        }
        String expr = last.strip();
        String lastLineCode = withoutLineComment(expr.substring(expr.lastIndexOf('\n') + 1)).strip();
        if (expr.isEmpty() || lastLineCode.endsWith(";") || lastLineCode.endsWith("}") || lastLineCode.isEmpty()) return code.stripTrailing();
        int end = lastStart + last.stripTrailing().length();
        String lastLine = expr.substring(expr.lastIndexOf('\n') + 1);
        String close = lastLine.contains("//") ? "\n);" : ");"; // a trailing comment must not swallow the parenthesis
        return (code.substring(0, lastStart) + "display(" + expr + close + code.substring(end)).stripTrailing();
    }

    /**
     * The code rewritten so that jshell, which reads a script line by line and runs a snippet as soon as
     * the lines so far form a complete one, sees the same snippets as the notebook: where a line ends a
     * complete snippet although the next line continues it (a method chain or an operator at the start of
     * the next line), the next line's leading {@code .} or operator moves to the end of this line, or,
     * failing that, the two lines are joined.
     */
    static String readableByJshell(String code, SourceCodeAnalysis analysis) {
        StringBuilder out = new StringBuilder();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY || !info.completeness().isComplete()) break;
            String consumed = rest.substring(0, rest.length() - info.remaining().length());
            out.append(snippetReadableByJshell(consumed, analysis));
            rest = info.remaining();
        }
        return out.append(rest).toString();
    }

    /** One snippet's text (with the blank lines and comments before it) with its early line ends mended. */
    private static String snippetReadableByJshell(String snippet, SourceCodeAnalysis analysis) {
        List<String> lines = new ArrayList<>(List.of(snippet.split("\n", -1)));
        for (int i = 0; i + 1 < lines.size(); i++) {
            String prefix = String.join("\n", lines.subList(0, i + 1));
            String rest = String.join("\n", lines.subList(i + 1, lines.size()));
            if (rest.isBlank() || withoutLineComment(lines.get(i)).isBlank()) continue;
            SourceCodeAnalysis.CompletionInfo soFar = analysis.analyzeCompletion(prefix);
            if (!soFar.completeness().isComplete() || !soFar.remaining().isBlank()) continue; // jshell reads on
            String line = lines.get(i);
            String next = lines.get(i + 1);
            Matcher op = LEADING_OPERATOR.matcher(next);
            String comment = lineComment(line);
            String body = line.substring(0, line.length() - comment.length()).stripTrailing();
            if (op.find()) {
                lines.set(i, body + (op.group(1).equals(".") ? "" : " ") + op.group(1) + (comment.isEmpty() ? "" : " " + comment));
                lines.set(i + 1, next.substring(0, op.start(1)) + next.substring(op.end(1)).replaceFirst("^ ", ""));
            } else {
                lines.set(i, body + " " + next.strip() + (comment.isEmpty() ? "" : " " + comment));
                lines.remove(i + 1);
            }
            i--; // look at the mended line again
        }
        return String.join("\n", lines);
    }

    private static final Pattern LEADING_OPERATOR = Pattern.compile("^\\s*(\\.(?!\\.)|\\+(?!\\+)|-(?![->])|\\*|/(?![/*])|&&|\\|\\||\\?|:(?!:)|==|!=|<=|>=|&|\\||\\^|%)");

    /** A line's trailing {@code // comment} (outside string and char literals), or "". */
    static String lineComment(String line) {
        boolean inString = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == quote) inString = false;
            } else if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return line.substring(i);
            }
        }
        return "";
    }

    static String withoutLineComment(String line) {
        return line.substring(0, line.length() - lineComment(line).length());
    }

    /** Writes {@code NAME.jsh} for each notebook, beside it or into {@code outDir}; returns the files written. */
    public static List<Path> export(List<Path> notebooks, Path outDir) {
        List<Path> written = new ArrayList<>();
        for (Path p : notebooks) {
            Notebook nb = Notebook.read(p);
            String file = p.getFileName().toString().replaceAll("\\.ipynb$", "") + ".jsh";
            Path target = (outDir != null ? outDir : p.toAbsolutePath().getParent()).resolve(file);
            try {
                AtomicFiles.writeString(target, toJsh(nb), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
            written.add(target);
        }
        return written;
    }

    /** {@code JshExport [--out DIR] NOTEBOOK.ipynb|DIRECTORY...}. */
    public static void main(String[] args) {
        Path out = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) out = Path.of(args[++i]);
            else names.add(args[i]);
        }
        List<Path> notebooks;
        try {
            notebooks = NotebookRunner.expand(names);
        } catch (IllegalArgumentException e) {
            System.err.println("textdive export: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (notebooks.isEmpty()) {
            System.err.println("usage: textdive export [--out DIR] NOTEBOOK.ipynb|DIRECTORY...");
            System.exit(2);
        }
        List<Path> written;
        try {
            written = export(notebooks, out);
        } catch (IllegalArgumentException | UncheckedIOException e) { // a notebook that is not one, named by Notebook.read
            System.err.println("textdive export: " + e.getMessage());
            System.exit(1);
            return;
        }
        for (Path p : written) System.out.println("wrote " + p);
        System.out.println("run one from its notebook's folder with: " + runHint() + " FILE.jsh");
    }
}
