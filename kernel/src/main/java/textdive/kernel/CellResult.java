package textdive.kernel;

import java.util.Map;

/**
 * The end of one cell: either the rendered value of its trailing expression (may be null when the
 * cell ends in a statement) or an error.
 */
public record CellResult(Map<String, String> value, CellError error) {

    static CellResult ok(Map<String, String> value) {
        return new CellResult(value, null);
    }

    static CellResult failed(CellError error) {
        return new CellResult(null, error);
    }

    public boolean isOk() {
        return error == null;
    }
}
