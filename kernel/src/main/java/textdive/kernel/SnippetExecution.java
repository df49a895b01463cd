package textdive.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine for notebooks: snippets run in this JVM, on one dedicated thread (the
 * same for every cell, so thread-bound state survives between cells, and stopping a cell never
 * touches the caller's thread), their classes rewritten by {@link SnippetInstrumenter} on the way in.
 * The last value is kept as an object, not only as JShell's string, so it can be rendered as a
 * table or a chart.
 *
 * <p>Stopping a cell ({@link #interrupt}) never uses {@code Thread.stop}: it sets the cell's stop
 * flag, which the cell's own code checks at every loop and method start, and interrupts the cell
 * thread, which ends sleeps, waits and interruptible I/O. Library code that does neither is stopped at
 * its next output ({@link #checkStopped}, called by the evaluator's streams and display sink). The
 * flag belongs to one cell: {@link #beginCell} clears it, so an interrupt can never hit the next cell.
 *
 * <p>Snippet classes are loaded by a child of the application class loader, so the library and its
 * dependencies are loaded once and static state (such as the display sink) is shared with the host.
 * This works on every JDK from 17 on: it extends {@link DirectExecutionControl}, whose contract has
 * not changed, rather than {@code LocalExecutionControl}, whose stop mechanism differs per JDK.
 */
final class SnippetExecution extends DirectExecutionControl {
    static final Object NO_VALUE = new Object();

    /** The thread cells run on; {@link SnippetHooks#check()} reads its stop flag. */
    static final class CellThread extends Thread {
        private final SnippetExecution owner;

        CellThread(SnippetExecution owner, Runnable r) {
            super(r, "textdive-cell");
            this.owner = owner;
            setDaemon(true);
        }

        boolean stopRequested() {
            return owner.stopRequested;
        }
    }

    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(r -> new CellThread(this, r));
    private volatile Object lastValue = NO_VALUE;
    /** Guards {@link #running} so an interrupt can never land after the snippet it was meant for. */
    private final Object runLock = new Object();
    private Thread running;
    /** Set by an interrupt during a cell; the cell's code stops at its next check. */
    private volatile boolean stopRequested;
    /** Set when the rewriting failed once (a class file newer than ASM knows): cells still run. */
    private volatile String instrumentationProblem;

    /** A new cell starts: an interrupt of the previous one no longer applies. */
    void beginCell() {
        stopRequested = false;
    }

    /** Whether the current cell was interrupted (its failure is then reported as the interrupt). */
    boolean stopRequested() {
        return stopRequested;
    }

    /** Why snippet code cannot be stopped at its loops on this JVM, or null when it can. */
    String instrumentationProblem() {
        return instrumentationProblem;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) rewritten[i] = new ClassBytecodes(cbcs[i].name(), rewrite(cbcs[i].bytecodes()));
        super.load(rewritten);
    }

    private byte[] rewrite(byte[] classFile) {
        try {
            return SnippetInstrumenter.instrument(classFile);
        } catch (RuntimeException e) {
            instrumentationProblem = "snippet classes cannot be rewritten on Java " + Runtime.version() + ": " + e;
            return classFile;
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Future<Object> result = cellThread.submit(() -> {
            synchronized (runLock) {
                Thread.interrupted();
                running = Thread.currentThread();
            }
            try {
                if (stopRequested) throw new InvocationTargetException(new SnippetHooks.CellInterrupted());
                return doit.invoke(null);
            } finally {
                synchronized (runLock) {
                    running = null;
                    Thread.interrupted(); // an interrupt meant for this snippet must not leak into the next
                }
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
        return ""; // JShell's own rendering of the value is not used (and can be costly)
    }

    Object takeLastValue() {
        Object v = lastValue;
        lastValue = NO_VALUE;
        return v;
    }

    /** Stops the current cell (Jupyter's interrupt); a cell still compiling is stopped before it runs. */
    void interrupt() {
        synchronized (runLock) {
            stopRequested = true;
            if (running != null) running.interrupt();
        }
    }

    /** Whether a snippet is running on the cell thread right now. */
    boolean isRunning() {
        synchronized (runLock) {
            return running != null;
        }
    }

    /** Throws {@link SnippetHooks.CellInterrupted} on the cell thread of an interrupted cell. */
    static void checkStopped() {
        SnippetHooks.check();
    }

    @Override
    public void close() {
        cellThread.shutdownNow();
        super.close();
    }

    /** Hands JShell this engine; JShell asks once, when the shell is built. */
    static final class Provider implements ExecutionControlProvider {
        final SnippetExecution engine = new SnippetExecution();

        @Override
        public String name() {
            return "textdive";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return engine;
        }
    }
}
