package textdive.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import jdk.jshell.VarSnippet;
import textdive.datasets.UntarData;
import textdive.viz.Display;
import textdive.viz.NotebookProgress;
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

    private final SnippetExecution engine;
    private final JShell shell;
    private final SnippetErrors snippetErrors = new SnippetErrors();
    private int cellNumber;

    public Evaluator() {
        this(Classpath.current());
    }

    public Evaluator(List<Path> classpath) {
        SnippetExecution.Provider provider = new SnippetExecution.Provider();
        this.engine = provider.engine;
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions("-encoding", "UTF-8")
                .build();
        for (Path p : classpath) shell.addToClasspath(p.toString());
        UntarData.setProgress(new NotebookProgress()); // downloads show a progress bar in the cell
        for (String imp : DEFAULT_IMPORTS) {
            for (SnippetEvent e : shell.eval(imp)) {
                if (e.status() == Snippet.Status.REJECTED)
                    throw new IllegalStateException("default import failed (is the textdive library on the class path?): " + imp);
            }
        }
    }

    /**
     * Runs one snippet through the whole engine (compile, load, invoke) and says what is wrong if it
     * cannot: a kernel started on a JDK whose JShell does not work with it reports that at start,
     * not as a mysterious error in every cell. Null when all is well.
     */
    public String selfTest() {
        CellResult r = eval("6 * 7", new CellOutput() {
            @Override
            public void stream(String name, String text) {}

            @Override
            public void display(String id, Map<String, String> bundle, boolean update) {}
        });
        cellNumber = 0;
        if (r.isOk() && r.value() != null && "42".equals(r.value().get("text/plain"))) return null;
        return "JShell on Java " + Runtime.version() + " (" + System.getProperty("java.home") + ") cannot run cells: "
                + (r.isOk() ? "6 * 7 gave " + r.value() : r.error().summary());
    }

    /** A limitation of this JVM that cells live with (they cannot be stopped inside loops), or null. */
    public String warning() {
        return engine.instrumentationProblem();
    }

    /**
     * Evaluates one cell. Outputs go to {@code out} while it runs (at most {@link OutputCap}'s
     * share); the result says how it ended. A cell that was interrupted ends with the same
     * {@code Interrupted} error, whatever it was doing.
     */
    public CellResult eval(String code, CellOutput sink) {
        cellNumber++;
        engine.beginCell();
        OutputCap out = new OutputCap(sink);
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        Display.Sink oldSink = Display.sink();
        PrintStream cellOut = new PrintStream(new StreamCapture(t -> out.stream("stdout", t)), true, StandardCharsets.UTF_8);
        PrintStream cellErr = new PrintStream(new StreamCapture(t -> out.stream("stderr", t)), true, StandardCharsets.UTF_8);
        Set<String> shownIds = ConcurrentHashMap.newKeySet();
        System.setOut(cellOut);
        System.setErr(cellErr);
        System.setIn(new CellInput(() -> {
            cellOut.flush();
            cellErr.flush();
            return out.input("", false);
        }));
        Display.Sink displays = (id, bundle, update) -> {
            SnippetHooks.check(); // library code that shows progress stops here when interrupted
            cellOut.flush();
            cellErr.flush();
            if (!update) shownIds.add(id);
            out.display(id, bundle, update);
        };
        Display.setSink(out.updatesInPlace() ? (ProgressBar.InPlace) displays::show : displays);
        try {
            CellResult result = evalSnippets(code, shownIds, cellErr, List.of(cellOut, cellErr));
            return !result.isOk() && engine.stopRequested() ? CellResult.failed(SnippetErrors.interrupted()) : result;
        } finally {
            cellOut.flush();
            cellErr.flush();
            out.finish();
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            Display.setSink(oldSink);
        }
    }

    private CellResult evalSnippets(String code, Set<String> shownIds, PrintStream notes, List<PrintStream> streams) {
        CellError magic = unknownMagic(code);
        if (magic != null) return CellResult.failed(magic);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        Object value = SnippetExecution.NO_VALUE;
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

            engine.takeLastValue();
            List<SnippetEvent> events = shell.eval(source);
            SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
            if (main == null) {
                return CellResult.failed(new CellError("CompilationError", "could not evaluate: " + source.strip(),
                        List.of("could not evaluate: " + source.strip()), lineAt(code, start) + 1));
            }
            Snippet snippet = main.snippet();
            int firstLine = lineAt(code, start);
            snippetErrors.record(snippet.id(), cellNumber, firstLine);
            noteResetVariables(main, events, notes);

            CellError error = errorOf(main, code, start, firstLine);
            if (error != null) return CellResult.failed(error);
            value = isShownValue(snippet) ? engine.takeLastValue() : SnippetExecution.NO_VALUE;
        }
        // display(x) as the last line shows x, not x's display id (as IPython's display returns None),
        // and System.out.printf(...) shows what it printed, not the stream it returns
        Object last = value;
        if (last == SnippetExecution.NO_VALUE || last instanceof String id && shownIds.contains(id)
                || streams.stream().anyMatch(s -> s == last)) return CellResult.ok(null);
        try {
            return CellResult.ok(Renderers.render(last));
        } catch (RuntimeException e) {
            String msg = "cannot show the cell's value: " + e;
            return CellResult.failed(new CellError("RenderError", msg, List.of("RenderError: " + msg), 0));
        }
    }

    /**
     * Re-running a cell that declares a class recompiles the variables of that type, and JShell resets
     * them (or, if they no longer compile, drops them) without a word: say so under the cell.
     */
    private static void noteResetVariables(SnippetEvent main, List<SnippetEvent> events, PrintStream notes) {
        String cause = main.snippet() instanceof DeclarationSnippet d ? d.name() : "it";
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null || !(e.snippet() instanceof VarSnippet v) || e.previousStatus() != Snippet.Status.VALID) continue;
            if (e.status() == Snippet.Status.VALID) {
                notes.println("note: redefining " + cause + " reset the variable " + v.name() + " to " + defaultValue(v.typeName())
                        + " (run the cell that sets it again)");
            } else if (e.status() != Snippet.Status.OVERWRITTEN) {
                notes.println("note: redefining " + cause + " made the variable " + v.name()
                        + " unusable (run the cell that defines it again)");
            }
        }
    }

    private static String defaultValue(String type) {
        return switch (type) {
            case "boolean" -> "false";
            case "byte", "short", "int", "long", "char" -> "0";
            case "float", "double" -> "0.0";
            default -> "null";
        };
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

    /** Stops the running cell, if any (Jupyter's interrupt button); never touches the next cell. */
    public void interrupt() {
        engine.interrupt();
    }

    /** Whether a snippet of the current cell is running right now (not compiling, not idle). */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /** JShell's completion suggestions at {@code cursor}, for the kernel's tab completion. */
    public List<SourceCodeAnalysis.Suggestion> completions(String code, int cursor, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    /**
     * Whether the whole cell is complete input (Jupyter's is_complete_request): each statement in
     * turn, the first one that is not complete decides.
     */
    public SourceCodeAnalysis.Completeness completeness(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        SourceCodeAnalysis.Completeness last = SourceCodeAnalysis.Completeness.EMPTY;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) return info.completeness();
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) last = info.completeness();
            if (info.remaining().length() >= rest.length()) break;
            rest = info.remaining();
        }
        return last;
    }

    /**
     * What Jupyter's inspect (Shift+Tab) shows for the code at {@code cursor}: the signatures of the
     * method, constructor or type there, each with its Javadoc (the JDK's from its {@code src.zip},
     * the library's from the sources in its jar), or null when there is nothing. The cursor may be
     * on a method's name as well as inside its argument list.
     */
    public String inspect(String code, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
        if (docs.isEmpty()) {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            if (end > 0 && Character.isJavaIdentifierPart(code.charAt(end - 1))) docs = analysis.documentation(code.substring(0, end) + "(", end + 1, true);
        }
        if (docs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            String javadoc = d.javadoc();
            if (javadoc == null || javadoc.isBlank()) { // JShell reads only the JDK's src.zip
                Javadocs.Target t = Javadocs.target(d.signature(), this::qualify);
                if (t != null) javadoc = Javadocs.fromSources(t, Evaluator.class.getClassLoader());
            }
            if (javadoc != null && !javadoc.isBlank()) sb.append("\n").append(Javadocs.plain(javadoc));
        }
        return sb.toString();
    }

    /** The qualified name of a type known by its simple name in this session (imported or java.lang), or null. */
    private String qualify(String simple) {
        List<String> candidates = new ArrayList<>();
        for (jdk.jshell.ImportSnippet imp : shell.imports().toList()) {
            if (imp.isStatic()) continue;
            String name = imp.fullname(); // a.b.C, or a.b.* on demand
            if (name.endsWith(".*")) candidates.add(name.substring(0, name.length() - 1) + simple);
            else if (name.endsWith("." + simple)) candidates.add(name);
        }
        candidates.add("java.lang." + simple);
        for (String c : candidates) {
            try {
                Class.forName(c, false, Evaluator.class.getClassLoader());
                return c;
            } catch (ClassNotFoundException | LinkageError e) {
                // not this one
            }
        }
        return null;
    }

    @Override
    public void close() {
        shell.close();
    }
}
