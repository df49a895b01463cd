package textdive.kernel;

import java.util.Map;

/**
 * Where a running cell's outputs go, as they happen, and where its input comes from: the Jupyter
 * kernel publishes outputs on IOPub and asks the front end for input; the headless runner collects
 * outputs into the notebook and has no one to ask.
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

    /**
     * One line typed by the user, without its line end, when the cell reads {@code System.in}.
     *
     * @throws NoInputException when nobody can answer (a headless run, a front end without stdin)
     */
    default String input(String prompt, boolean password) {
        throw new NoInputException("this run cannot answer input requests");
    }

    /** The cell read {@code System.in} where no one can type. */
    final class NoInputException extends IllegalStateException {
        public NoInputException(String why) {
            super("the cell reads System.in, but " + why + " (give the value in the code instead)");
        }
    }
}
