package textdive.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine, changed in two ways: snippets run on one dedicated thread
 * (the same for every cell, so thread-bound state survives between cells, and an interrupt never
 * hits the kernel's socket threads), and the last value is kept as an object, not only as JShell's
 * string, so it can be rendered as a table or a chart.
 *
 * <p>Snippet classes are loaded by a child of the application class loader, so the library and its
 * dependencies are loaded once and static state (such as the display sink) is shared with the host.
 */
final class ValueCapturingControl extends LocalExecutionControl {
    static final Object NO_VALUE = new Object();

    /** Cells run here, one at a time: interrupting a cell never touches the caller (a socket thread). */
    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "textdive-cell");
        t.setDaemon(true);
        return t;
    });
    private volatile Object lastValue = NO_VALUE;
    private volatile Thread running;
    /** Set by an interrupt during a cell; later snippets of that cell don't start. */
    private volatile boolean stopRequested;

    /** Thrown instead of running a snippet of a cell that was interrupted before it started. */
    static final class CellInterrupted extends RuntimeException {
        CellInterrupted() {
            super("the cell was interrupted");
        }
    }

    /** A new cell starts: an interrupt of the previous one no longer applies. */
    void beginCell() {
        stopRequested = false;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Future<Object> result = cellThread.submit(() -> {
            running = Thread.currentThread();
            try {
                if (stopRequested) throw new InvocationTargetException(new CellInterrupted());
                return doit.invoke(null);
            } finally {
                running = null;
                Thread.interrupted(); // an interrupt meant for this cell must not leak into the next
            }
        });
        Object value;
        try {
            value = result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite) throw ite;
            throw new InvocationTargetException(cause);
        }
        lastValue = value;
        return valueString(value);
    }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = NO_VALUE;
        return v;
    }

    /**
     * Stops the current cell (Jupyter's interrupt): an interrupt first, for code that waits or
     * checks; after 200 ms the thread is stopped (the cell fails with ThreadDeath). A cell still
     * compiling is stopped before its code starts.
     */
    @SuppressWarnings({"deprecation", "removal"})
    void interruptRunning() {
        stopRequested = true;
        Thread t = running;
        if (t == null) return;
        t.interrupt();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running == t) t.stop();
    }

    @Override
    public void close() {
        cellThread.shutdownNow();
        super.close();
    }

    /** Hands JShell this control; JShell asks once, when the shell is built. */
    static final class Provider implements ExecutionControlProvider {
        final ValueCapturingControl control = new ValueCapturingControl();

        @Override
        public String name() {
            return "textdive-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
