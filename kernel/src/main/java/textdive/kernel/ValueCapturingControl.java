package textdive.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine, changed in two ways: a snippet runs on the calling thread
 * (so the host's output capture and display sink apply), and the last value is kept as an object,
 * not only as JShell's string, so it can be rendered as a table or a chart.
 *
 * <p>Snippet classes are loaded by a child of the application class loader, so the library and its
 * dependencies are loaded once and static state (such as the display sink) is shared with the host.
 */
final class ValueCapturingControl extends LocalExecutionControl {
    static final Object NO_VALUE = new Object();

    private volatile Object lastValue = NO_VALUE;
    private volatile Thread running;

    @Override
    protected String invoke(Method doit) throws Exception {
        running = Thread.currentThread();
        try {
            Object value = doit.invoke(null);
            lastValue = value;
            return valueString(value);
        } finally {
            running = null;
        }
    }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = NO_VALUE;
        return v;
    }

    /** Stops the running snippet (Jupyter's interrupt); the cell then fails with ThreadDeath. */
    @SuppressWarnings({"deprecation", "removal"})
    void interruptRunning() {
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
