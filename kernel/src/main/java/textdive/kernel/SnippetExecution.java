package textdive.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>Stopping a cell ({@link #interrupt}) sets the cell's stop flag, which the cell's own code checks
 * at every loop and method start, and interrupts the cell thread, which ends sleeps, waits and
 * interruptible I/O. Library code that does neither is stopped at its next output ({@link
 * #checkStopped}, called by the evaluator's streams and display sink). The flag belongs to one cell:
 * {@link #beginCell} clears it, so an interrupt can never hit the next cell. A cell that still runs
 * {@value #ABANDON_MILLIS} ms after its interrupt (a long computation inside a library) is abandoned:
 * it ends as interrupted, its thread is stopped where the JDK still can ({@code Thread.stop}, up to
 * JDK 19) and later cells run on a new thread, which that stop can never reach.
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

    /** How long an interrupted cell may take to stop before it is abandoned. */
    static final long ABANDON_MILLIS = 2000;
    private static final boolean CAN_STOP_THREADS = Runtime.version().feature() < 20;

    private volatile Object lastValue = NO_VALUE;
    /** Guards the fields below, so an interrupt can never land after the snippet it was meant for. */
    private final Object runLock = new Object();
    private ExecutorService cellThread = newCellThread();
    private Thread running;
    private CompletableFuture<Object> current;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "textdive-cell-watchdog");
        t.setDaemon(true);
        return t;
    });
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

    private ExecutorService newCellThread() {
        return Executors.newSingleThreadExecutor(r -> new CellThread(this, r));
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        ExecutorService executor;
        synchronized (runLock) {
            executor = cellThread;
            current = outcome;
        }
        executor.execute(() -> {
            synchronized (runLock) {
                if (current != outcome) return;
                Thread.interrupted();
                running = Thread.currentThread();
            }
            try {
                if (stopRequested) throw new InvocationTargetException(new SnippetHooks.CellInterrupted());
                outcome.complete(doit.invoke(null));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            } finally {
                synchronized (runLock) {
                    if (current == outcome) {
                        running = null;
                        current = null;
                    }
                    Thread.interrupted(); // an interrupt meant for this snippet must not leak into the next
                }
            }
        });
        Object value;
        try {
            value = outcome.get();
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
            if (running == null) return;
            running.interrupt();
            CompletableFuture<Object> interrupted = current;
            if (CAN_STOP_THREADS) watchdog.schedule(() -> abandonIfStuck(interrupted), ABANDON_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The interrupted snippet still runs: it ends as interrupted now, later snippets get a new
     * thread, and its own thread, which will never run a cell again, is stopped.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private void abandonIfStuck(CompletableFuture<Object> interrupted) {
        synchronized (runLock) {
            if (current != interrupted || running == null) return;
            Thread stuck = running;
            running = null;
            current = null;
            ExecutorService old = cellThread;
            cellThread = newCellThread();
            old.shutdown();
            interrupted.completeExceptionally(new InvocationTargetException(new SnippetHooks.CellInterrupted()));
            try {
                stuck.stop();
            } catch (UnsupportedOperationException e) {
                // a JDK without Thread.stop: the abandoned thread finishes in the background
            }
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
        synchronized (runLock) {
            cellThread.shutdownNow();
        }
        watchdog.shutdownNow();
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
