package textdive.kernel;

/**
 * What instrumented snippet code calls ({@link SnippetInstrumenter}): a stop check at every method
 * start and loop, and replacements for {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt}, which would otherwise end the kernel (or the headless run) from inside a cell.
 * Public because snippet classes live in another class loader and package.
 */
public final class SnippetHooks {
    private SnippetHooks() {}

    /** Thrown into a cell that was interrupted. An Error, so {@code catch (Exception e)} lets it through. */
    public static final class CellInterrupted extends Error {
        public CellInterrupted() {
            super("the cell was interrupted", null, false, false);
        }
    }

    /** Thrown instead of ending the JVM when a cell calls {@code System.exit} or {@code Runtime.halt}. */
    public static final class ExitRefused extends Error {
        public ExitRefused(String call, int status) {
            super(call + "(" + status + ") was called: a cell cannot end the "
                    + "kernel, so the cell stops here (to start afresh, restart the kernel)");
        }
    }

    /** Stops the cell if it was interrupted; a no-op on any thread but the running cell's. */
    public static void check() {
        if (Thread.currentThread() instanceof SnippetExecution.CellThread t && t.stopRequested()) throw new CellInterrupted();
    }

    /** Replaces {@code System.exit(status)} in snippet code. */
    public static void exit(int status) {
        throw new ExitRefused("System.exit", status);
    }

    /** Replaces {@code runtime.exit(status)} in snippet code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitRefused("Runtime.exit", status);
    }

    /** Replaces {@code runtime.halt(status)} in snippet code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitRefused("Runtime.halt", status);
    }
}
