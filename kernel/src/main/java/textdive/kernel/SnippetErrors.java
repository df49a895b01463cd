package textdive.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns an exception thrown by a snippet into a {@link CellError} that speaks in cells and lines:
 * JShell names a snippet's stack frames {@code #<snippet id>:<line in snippet>}, so the evaluator
 * records where each snippet starts and frames become {@code (cell [3], line 5)}.
 */
final class SnippetErrors {
    private record Origin(int cell, int firstLine) {}

    private final Map<String, Origin> origins = new HashMap<>();

    /** Snippet {@code id} is cell {@code cell}'s code from its 0-based line {@code firstLine}. */
    void record(String id, int cell, int firstLine) {
        origins.put(id, new Origin(cell, firstLine));
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
        if ("java.lang.ThreadDeath".equals(ename) || ValueCapturingControl.CellInterrupted.class.getName().equals(ename)) {
            return new CellError("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"), 0);
        }
        boolean check = Evaluator.CHECK_FAILED_CLASS.equals(ename);
        int line = cellLineOf(ex, cellNumber);
        List<String> tb = new ArrayList<>();
        if (check) {
            ename = Evaluator.CHECK_FAILED;
            tb.add(message + (line > 0 ? " (cell line " + line + ")" : ""));
            return new CellError(ename, message, tb, line);
        }
        tb.add(ename + (message == null ? "" : ": " + message));
        appendFrames(ex, tb, cellNumber);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            String cname = c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
            tb.add("Caused by: " + cname + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            appendFrames(c, tb, cellNumber);
        }
        return new CellError(ename, message == null ? "" : message, tb, line);
    }

    /** Stack frames down to the cell's own code; JShell's and reflection's plumbing is dropped. */
    private void appendFrames(Throwable t, List<String> tb, int cellNumber) {
        StackTraceElement[] st = t.getStackTrace();
        int last = -1;
        for (int i = 0; i < st.length; i++) if (snippetFile(st[i]) != null) last = i;
        int end = last >= 0 ? last + 1 : Math.min(st.length, 12);
        for (int i = 0; i < end; i++) tb.add("    at " + describe(st[i], cellNumber));
    }

    private String describe(StackTraceElement f, int cellNumber) {
        String id = snippetFile(f);
        if (id == null) return f.toString();
        Origin o = origins.get(id);
        String method = f.getMethodName().isEmpty() ? "" : f.getMethodName() + " ";
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
