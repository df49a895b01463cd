package textdive.kernel;

import java.util.List;

/**
 * Why a cell failed, in Jupyter's terms: {@code ename}/{@code evalue}/{@code traceback}.
 *
 * @param line the 1-based line of the cell where it failed, 0 when unknown
 */
public record CellError(String ename, String evalue, List<String> traceback, int line) {

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
}
