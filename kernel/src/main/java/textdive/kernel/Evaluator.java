package textdive.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import textdive.viz.Display;
import textdive.viz.ProgressBar;
import textdive.viz.Renderers;

/**
 * Runs notebook cells as Java snippets in one JShell session: the same code for the Jupyter kernel,
 * the headless runner and the course tests, so a notebook behaves the same everywhere.
 *
 * <p>A cell is split into snippets with JShell's completion analysis and evaluated in order; the
 * first failure stops the cell. Output written to {@code System.out}/{@code System.err} and values
 * shown with {@code display(...)} go to the cell's {@link CellOutput} as they happen; the value of
 * a trailing expression is rendered with {@link Renderers}. Not thread-safe: one cell at a time.
 */
public final class Evaluator implements AutoCloseable {

    /** Imports every notebook session starts with (the course's conventions). */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.util.*;",
            "import java.nio.file.*;",
            "import java.util.stream.*;",
            "import static textdive.course.Checks.*;",
            "import static textdive.viz.Display.*;",
            "import textdive.course.Scale;");

    /** {@code ename} of a failed {@code check(...)}. */
    public static final String CHECK_FAILED = "CheckFailed";
    static final String CHECK_FAILED_CLASS = "textdive.course.Checks$CheckFailed";

    private static final Pattern MAGIC = Pattern.compile("(%%?[A-Za-z_][\\w.-]*)");

    private final ValueCapturingControl control;
    private final JShell shell;
    private final SnippetErrors snippetErrors = new SnippetErrors();
    private int cellNumber;

    public Evaluator() {
        this(Classpath.current());
    }

    public Evaluator(List<Path> classpath) {
        ValueCapturingControl.Provider provider = new ValueCapturingControl.Provider();
        this.control = provider.control;
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions("-encoding", "UTF-8")
                .build();
        for (Path p : classpath) shell.addToClasspath(p.toString());
        textdive.datasets.UntarData.setProgress(new textdive.viz.NotebookProgress()); // downloads show a progress bar in the cell
        for (String imp : DEFAULT_IMPORTS) {
            for (SnippetEvent e : shell.eval(imp)) {
                if (e.status() == Snippet.Status.REJECTED)
                    throw new IllegalStateException("default import failed (is the textdive library on the class path?): " + imp);
            }
        }
    }

    /** Evaluates one cell. Outputs go to {@code out} while it runs; the result says how it ended. */
    public CellResult eval(String code, CellOutput out) {
        cellNumber++;
        control.beginCell();
        PrintStream oldOut = System.out, oldErr = System.err;
        Display.Sink oldSink = Display.sink();
        StreamCapture stdout = new StreamCapture(t -> out.stream("stdout", t));
        StreamCapture stderr = new StreamCapture(t -> out.stream("stderr", t));
        PrintStream cellOut = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream cellErr = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        System.setOut(cellOut);
        System.setErr(cellErr);
        Display.Sink sink = (id, bundle, update) -> {
            cellOut.flush();
            cellErr.flush();
            out.display(id, bundle, update);
        };
        Display.setSink(out.updatesInPlace() ? (ProgressBar.InPlace) sink::show : sink);
        try {
            return evalSnippets(code);
        } finally {
            cellOut.flush();
            cellErr.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            Display.setSink(oldSink);
        }
    }

    private CellResult evalSnippets(String code) {
        CellError magic = unknownMagic(code);
        if (magic != null) return CellResult.failed(magic);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        Object value = ValueCapturingControl.NO_VALUE;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            boolean incomplete = !info.completeness().isComplete();
            String source = incomplete ? rest : info.source();
            // JShell numbers a statement's lines from the start of its source: start it at the code
            int skip = Math.min(skipBlankAndComments(source), source.length());
            source = source.substring(skip);
            int start = code.length() - rest.length() + skip;
            rest = incomplete ? "" : info.remaining();

            control.takeLastValue();
            List<SnippetEvent> events = shell.eval(source);
            SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
            if (main == null) {
                return CellResult.failed(new CellError("CompilationError", "could not evaluate: " + source.strip(),
                        List.of("could not evaluate: " + source.strip()), lineAt(code, start) + 1));
            }
            Snippet snippet = main.snippet();
            int firstLine = lineAt(code, start);
            snippetErrors.record(snippet.id(), cellNumber, firstLine);

            CellError error = errorOf(main, code, start, firstLine);
            if (error != null) return CellResult.failed(error);
            value = isShownValue(snippet) ? control.takeLastValue() : ValueCapturingControl.NO_VALUE;
        }
        if (value == ValueCapturingControl.NO_VALUE) return CellResult.ok(null);
        try {
            return CellResult.ok(Renderers.render(value));
        } catch (RuntimeException e) {
            String msg = "cannot show the cell's value: " + e;
            return CellResult.failed(new CellError("RenderError", msg, List.of("RenderError: " + msg), 0));
        }
    }

    /**
     * Length of the whitespace and comments before a snippet's code. (A variable's initializer is
     * reported on the declaration's first line: JShell keeps no finer line information for it.)
     */
    static int skipBlankAndComments(String s) {
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** A trailing expression shows its value, as in Jupyter; declarations and assignments don't. */
    private static boolean isShownValue(Snippet s) {
        return s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || s.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    private CellError errorOf(SnippetEvent e, String code, int start, int firstLine) {
        Snippet s = e.snippet();
        switch (e.status()) {
            case REJECTED:
                return compileError(s, code, start, firstLine);
            case RECOVERABLE_DEFINED:
            case RECOVERABLE_NOT_DEFINED: {
                List<String> missing = s instanceof DeclarationSnippet d
                        ? shell.unresolvedDependencies(d).collect(Collectors.toList()) : List.of();
                String msg = "cannot find symbol" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                        + " (define or import it in an earlier cell)";
                return new CellError("CompilationError", msg,
                        List.of("CompilationError: " + msg + " (cell line " + (firstLine + 1) + ")"), firstLine + 1);
            }
            default:
                break;
        }
        JShellException ex = e.exception();
        return ex == null ? null : snippetErrors.toCellError(ex, cellNumber);
    }

    private CellError compileError(Snippet s, String code, int start, int firstLine) {
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) diags = shell.diagnostics(s).collect(Collectors.toList());
        List<String> tb = new ArrayList<>();
        String first = null;
        int firstErrLine = firstLine + 1;
        for (Diag d : diags) {
            int pos = d.getStartPosition() >= 0 ? start + (int) d.getStartPosition() : start;
            pos = Math.min(pos, code.length());
            int line = lineAt(code, pos) + 1;
            // JShell's wrapper class has no name worth showing
            String msg = d.getMessage(Locale.ROOT).lines().filter(l -> !l.strip().equals("location: class"))
                    .collect(Collectors.joining("\n"));
            if (first == null) {
                first = msg;
                firstErrLine = line;
            }
            tb.add("cell line " + line + ": error: " + msg.lines().findFirst().orElse(""));
            msg.lines().skip(1).forEach(l -> tb.add("  " + l));
            int lineStart = code.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = code.indexOf('\n', lineStart);
            String text = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
            tb.add("    " + text);
            tb.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
        }
        if (first == null) first = "the snippet does not compile";
        return new CellError("CompilationError", first, tb, firstErrLine);
    }

    /** 0-based line number of {@code pos} in {@code code}. */
    private static int lineAt(String code, int pos) {
        int line = 0;
        for (int i = 0; i < pos && i < code.length(); i++) if (code.charAt(i) == '\n') line++;
        return line;
    }

    /**
     * IPython-style magics are not part of this kernel: a cell whose code starts with one fails
     * loudly rather than running half a cell. (Only the first code line is looked at: a later line
     * starting with {@code %} may be inside a text block; a stray magic there is a compile error.)
     */
    private static CellError unknownMagic(String code) {
        int at = skipBlankAndComments(code);
        Matcher m = MAGIC.matcher(code).region(at, code.length());
        if (!m.lookingAt()) return null;
        int line = lineAt(code, at) + 1;
        String msg = "unknown magic " + m.group(1) + ": the textdive-java kernel has no magics"
                + " (the textdive library and its dependencies are already on the class path)";
        return new CellError("UnknownMagic", msg, List.of("UnknownMagic: " + msg + " (cell line " + line + ")"), line);
    }

    /** Stops the running cell, if any (Jupyter's interrupt button). */
    public void interrupt() {
        control.interruptRunning();
    }

    /** JShell's completion suggestions at {@code cursor}, for the kernel's tab completion. */
    public List<SourceCodeAnalysis.Suggestion> completions(String code, int cursor, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    /** Whether {@code code} is a complete input (for Jupyter's is_complete_request). */
    public SourceCodeAnalysis.Completeness completeness(String code) {
        return shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
    }

    /** Javadoc-style documentation of the symbol at {@code cursor}, or an empty list. */
    public List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor) {
        return shell.sourceCodeAnalysis().documentation(code, cursor, false);
    }

    @Override
    public void close() {
        shell.close();
    }
}
