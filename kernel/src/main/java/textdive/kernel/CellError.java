package textdive.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a cell failed, in Jupyter's terms: {@code ename}/{@code evalue}/{@code traceback}.
 *
 * @param line the 1-based line of the cell where it failed, 0 when unknown
 */
public record CellError(String ename, String evalue, List<String> traceback, int line) {
    private static final String RED = "\u001b[0;31m";
    private static final String GREEN = "\u001b[0;32m";
    private static final String RESET = "\u001b[0m";

    /** One line for logs: {@code java.lang.IllegalStateException: boom (cell line 3)}. */
    public String summary() {
        String where = line > 0 ? " (cell line " + line + ")" : "";
        String first = evalue == null || evalue.isEmpty() ? "" : ": " + evalue.lines().findFirst().orElse("");
        return ename + first + where;
    }

    /** A failed {@code check(...)} rather than a crash. */
    public boolean isCheckFailure() {
        return Evaluator.CHECK_FAILED.equals(ename);
    }

    /**
     * The traceback as a notebook shows it: what went wrong in red, the caret under the faulty code
     * in green, as IPython colours its tracebacks (front ends render the ANSI colours; the same
     * lines are saved by the headless runner, so a saved notebook looks like a live one).
     */
    public List<String> styledTraceback() {
        List<String> out = new ArrayList<>(traceback.size());
        for (int i = 0; i < traceback.size(); i++) {
            String l = traceback.get(i);
            boolean headline = i == 0 || l.startsWith("Caused by: ") || l.startsWith("cell line ");
            boolean caret = !l.isBlank() && l.strip().equals("^");
            out.add(headline ? RED + l + RESET : caret ? GREEN + l + RESET : l);
        }
        return out;
    }
}
