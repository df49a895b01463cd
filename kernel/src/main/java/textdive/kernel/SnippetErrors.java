package textdive.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns an exception thrown by a snippet into a {@link CellError} that speaks in cells and lines:
 * JShell names a snippet's stack frames {@code #<snippet id>:<line in snippet>}, so the evaluator
 * records where each snippet starts and frames become {@code (cell [3], line 5)}. JShell's wrapper
 * names ({@code REPL.$JShell$20.s}) read as the learner wrote them ({@code s}), and a recursion's
 * repeated frames are folded into one line.
 */
final class SnippetErrors {
    /** {@code ename} of an interrupted cell, whatever the cell was doing when it was stopped. */
    static final String INTERRUPTED = "Interrupted";
    static final String INTERRUPTED_MESSAGE = "the cell was interrupted";
    /** {@code ename} of a cell that called {@code System.exit} or {@code Runtime.halt}. */
    static final String SYSTEM_EXIT = "SystemExit";
    /** {@code ename} of a cell that read {@code System.in} where no one can type. */
    static final String NO_STDIN = "StdinNotAvailable";

    private record Origin(int cell, int firstLine) {}

    private static final Pattern NESTED_WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Za-z]?\\$");
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Za-z]?\\.");
    private static final Pattern LOADER_NOTE = Pattern.compile(" \\([^()]* is in (?:unnamed )?module [^()]*\\)");
    /** Frames repeated at least this often in a row are folded. */
    private static final int FOLD_AT = 3;

    private final Map<String, Origin> origins = new HashMap<>();

    /** Snippet {@code id} is cell {@code cell}'s code from its 0-based line {@code firstLine}. */
    void record(String id, int cell, int firstLine) {
        origins.put(id, new Origin(cell, firstLine));
    }

    /** The error every interrupted cell reports. */
    static CellError interrupted() {
        return new CellError(INTERRUPTED, INTERRUPTED_MESSAGE, List.of(INTERRUPTED + ": " + INTERRUPTED_MESSAGE), 0);
    }

    /** The error of a snippet that threw, with the cell line where it surfaced. */
    CellError toCellError(JShellException ex, int cellNumber) {
        String ename;
        String message;
        if (ex instanceof EvalException ee) {
            ename = ee.getExceptionClassName();
            message = ee.getMessage();
        } else if (ex instanceof UnresolvedReferenceException ure) {
            ename = "UnresolvedReference";
            message = "'" + ure.getSnippet().source().strip().lines().findFirst().orElse("") + "' uses a symbol that is not defined yet";
        } else {
            ename = ex.getClass().getName();
            message = ex.getMessage();
        }
        if (SnippetHooks.CellInterrupted.class.getName().equals(ename) || "java.lang.ThreadDeath".equals(ename)) return interrupted();
        if (SnippetHooks.ExitRefused.class.getName().equals(ename)) ename = SYSTEM_EXIT;
        if (CellOutput.NoInputException.class.getName().equals(ename)) ename = NO_STDIN;
        message = message == null ? null : readable(message);
        int line = cellLineOf(ex, cellNumber);
        List<String> tb = new ArrayList<>();
        if (Evaluator.CHECK_FAILED_CLASS.equals(ename)) {
            tb.add(message + (line > 0 ? " (cell line " + line + ")" : ""));
            return new CellError(Evaluator.CHECK_FAILED, message, tb, line);
        }
        tb.add(ename + (message == null ? "" : ": " + message));
        // the kernel's own refusals (exit, stdin) point at the cell's code, not at the kernel's
        boolean kernelRefusal = ename.equals(SYSTEM_EXIT) || ename.equals(NO_STDIN);
        appendFrames(ex, tb, cellNumber, kernelRefusal);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cname = c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
            tb.add("Caused by: " + cname + (c.getMessage() == null ? "" : ": " + readable(c.getMessage())));
            appendFrames(c, tb, cellNumber, false);
        }
        return new CellError(ename, message == null ? "" : message, tb, line);
    }

    /** JShell's wrapper classes removed: {@code "REPL.$JShell$20.s" is null} reads {@code "s" is null}. */
    static String readable(String text) {
        String s = NESTED_WRAPPER.matcher(text).replaceAll("");
        s = WRAPPER.matcher(s).replaceAll("");
        return LOADER_NOTE.matcher(s).replaceAll("");
    }

    /** Stack frames down to the cell's own code; JShell's and reflection's plumbing is dropped. */
    private void appendFrames(Throwable t, List<String> tb, int cellNumber, boolean cellFramesOnly) {
        StackTraceElement[] st = t.getStackTrace();
        int last = -1;
        for (int i = 0; i < st.length; i++) if (snippetFile(st[i]) != null) last = i;
        int end = last >= 0 ? last + 1 : Math.min(st.length, 12);
        List<String> frames = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            if (!cellFramesOnly || snippetFile(st[i]) != null) frames.add("    at " + describe(st[i], cellNumber));
        }
        tb.addAll(fold(frames));
    }

    /**
     * Runs of a repeated block of frames (a recursion) shown once, with a line saying how often
     * it repeats: 1,024 frames of a stack overflow become two lines.
     */
    static List<String> fold(List<String> frames) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int bestPeriod = 0;
            int bestRepeats = 1;
            for (int p = 1; p <= 10 && i + 2 * p <= frames.size(); p++) {
                int r = 1;
                while (i + (r + 1) * p <= frames.size() && frames.subList(i, i + p).equals(frames.subList(i + r * p, i + (r + 1) * p))) r++;
                if (r >= FOLD_AT && r * p > bestRepeats * Math.max(bestPeriod, 1)) {
                    bestPeriod = p;
                    bestRepeats = r;
                }
            }
            if (bestPeriod == 0) {
                out.add(frames.get(i++));
                continue;
            }
            out.addAll(frames.subList(i, i + bestPeriod));
            out.add(String.format(Locale.ROOT, "    ... the %s above repeat%s %,d more times",
                    bestPeriod == 1 ? "frame" : bestPeriod + " frames", bestPeriod == 1 ? "s" : "", bestRepeats - 1));
            i += bestPeriod * bestRepeats;
        }
        return out;
    }

    private String describe(StackTraceElement f, int cellNumber) {
        String id = snippetFile(f);
        if (id == null) return f.toString();
        Origin o = origins.get(id);
        String cls = readable(f.getClassName() + ".");
        String method = f.getMethodName().isEmpty() ? "" : (cls.equals(".") ? "" : cls) + f.getMethodName() + " ";
        if (o == null) return method + "(snippet " + id + ", line " + f.getLineNumber() + ")";
        int line = o.firstLine() + f.getLineNumber();
        return method + (o.cell() == cellNumber ? "(this cell, line " + line + ")"
                : "(cell [" + o.cell() + "], line " + line + ")");
    }

    /** The line of this cell where the exception surfaced (the outermost frame in this cell). */
    private int cellLineOf(Throwable t, int cellNumber) {
        int line = 0;
        for (StackTraceElement f : t.getStackTrace()) {
            String id = snippetFile(f);
            Origin o = id == null ? null : origins.get(id);
            if (o != null && o.cell() == cellNumber) line = o.firstLine() + f.getLineNumber();
        }
        return line;
    }

    /** JShell names a snippet's frames {@code #<id>}. */
    private static String snippetFile(StackTraceElement f) {
        String file = f.getFileName();
        return file != null && file.startsWith("#") ? file.substring(1) : null;
    }
}
