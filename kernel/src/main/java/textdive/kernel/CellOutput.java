package textdive.kernel;

import java.util.Map;

/**
 * Where a running cell's outputs go, as they happen: the Jupyter kernel publishes them on IOPub,
 * the headless runner collects them into the notebook.
 */
public interface CellOutput {
    /** Text written to {@code System.out} ("stdout") or {@code System.err} ("stderr"). */
    void stream(String name, String text);

    /** A rich output from {@code Display.display} ({@code update == false}) or {@code Display.update}. */
    void display(String id, Map<String, String> bundle, boolean update);

    /** True where updates replace what is shown live (Jupyter); progress bars then draw in place. */
    default boolean updatesInPlace() {
        return false;
    }
}
