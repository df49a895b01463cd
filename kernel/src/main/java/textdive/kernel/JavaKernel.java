package textdive.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jshell.SourceCodeAnalysis;
import textdive.kernel.jupyter.Channels;
import textdive.kernel.jupyter.History;
import textdive.kernel.jupyter.Message;
import textdive.kernel.jupyter.StreamBatcher;

/**
 * The Jupyter kernel: {@link Channels} speaks the protocol, the shared {@link Evaluator} runs the
 * cells, so a notebook in Jupyter behaves exactly as in the headless runner and the course tests.
 *
 * <p>Execution follows ipykernel: a failing {@code execute_request} with {@code stop_on_error}
 * aborts the requests queued behind it ({@code status: aborted}), as does an interrupt, which stops
 * only the running cell. Silent requests publish no input or result and, like requests that do not
 * store history, leave the execution counter alone. Cursor positions are counted in code points.
 *
 * <p>The evaluator starts in the background while the sockets open, so the kernel answers
 * {@code kernel_info_request} at once; the first request that needs it waits for it.
 */
public final class JavaKernel {
    public static final String VERSION = "0.2.0";

    /** After this long without the interrupted cell stopping, the cell is told why it has not. */
    static final long SLOW_STOP_MILLIS = SnippetExecution.ABANDON_MILLIS + 1000;

    private final CompletableFuture<Evaluator> evaluator;
    private final Channels channels;
    private final History history = new History();
    private final AtomicBoolean interruptRequested = new AtomicBoolean();
    private volatile Message executing;
    private int executionCount;
    private volatile String startProblem;

    public JavaKernel(CompletableFuture<Evaluator> evaluator, Channels channels) {
        this.evaluator = evaluator;
        this.channels = channels;
    }

    /** Opens the sockets and starts answering. */
    public void start() {
        channels.start(this::handleShell, this::handleControl);
    }

    /** Set when the kernel cannot work on this JVM; every execute then fails with this message. */
    public void startProblem(String problem) {
        this.startProblem = problem;
    }

    private void handleShell(Channels.Request r) {
        switch (r.message().type()) {
            case "execute_request" -> execute(r);
            case "kernel_info_request" -> r.reply("kernel_info_reply", kernelInfo());
            case "complete_request" -> r.reply("complete_reply", complete(r.message()));
            case "inspect_request" -> r.reply("inspect_reply", inspect(r.message()));
            case "is_complete_request" -> r.reply("is_complete_reply", isComplete(r.message()));
            case "history_request" -> r.reply("history_reply", history(r.message()));
            case "comm_info_request" -> r.reply("comm_info_reply", commInfo());
            case "shutdown_request" -> shutdown(r);
            default -> { } // comms and requests this kernel does not support: no reply, as ipykernel
        }
    }

    private void handleControl(Channels.Request r) {
        switch (r.message().type()) {
            case "interrupt_request" -> {
                interrupt();
                r.reply("interrupt_reply", ok());
            }
            case "kernel_info_request" -> r.reply("kernel_info_reply", kernelInfo());
            case "shutdown_request" -> shutdown(r);
            default -> { }
        }
    }

    static JsonObject ok() {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        return c;
    }

    private JsonObject kernelInfo() {
        JsonObject li = new JsonObject();
        li.addProperty("name", "java");
        li.addProperty("version", Runtime.version().toString());
        li.addProperty("mimetype", "text/x-java-source");
        li.addProperty("file_extension", ".jshell");
        li.addProperty("pygments_lexer", "java");
        li.addProperty("codemirror_mode", "text/x-java");
        JsonObject c = ok();
        c.addProperty("protocol_version", Message.PROTOCOL_VERSION);
        c.addProperty("implementation", Notebook.KERNEL_NAME);
        c.addProperty("implementation_version", VERSION);
        c.add("language_info", li);
        c.addProperty("banner", "Java " + Runtime.version() + " with the textdive library (JShell)");
        c.add("help_links", new JsonArray());
        c.addProperty("debugger", false);
        return c;
    }

    // ---- execute ----------------------------------------------------------------------------

    private void execute(Channels.Request r) {
        Message m = r.message();
        String code = m.text("code", "");
        boolean silent = m.flag("silent", false);
        boolean storeHistory = !silent && m.flag("store_history", true);
        boolean stopOnError = m.flag("stop_on_error", true);
        boolean allowStdin = m.flag("allow_stdin", true); // every field is read before anything is counted or published
        if (storeHistory) executionCount++;
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            channels.publish(m, "execute_input", input);
        }
        interruptRequested.set(false);
        executing = m;
        Output out = new Output(m, allowStdin);
        CellResult result;
        try {
            result = run(code, out);
        } finally {
            executing = null;
            out.batcher.flush();
        }
        boolean interrupted = interruptRequested.getAndSet(false);
        // the cells sent before this one's reply (Run All sends them all at once) are aborted after a
        // failure or an interrupt, as ipykernel does; what the front end sends after the reply runs
        boolean abort = !result.isOk() && (interrupted || (stopOnError && !silent));
        List<Channels.Request> queued = abort ? r.waiting() : List.of();
        String shown = null;
        if (result.isOk()) {
            if (result.value() != null && !silent) {
                JsonObject c = new JsonObject();
                c.addProperty("execution_count", count);
                c.add("data", bundle(result.value()));
                c.add("metadata", new JsonObject());
                channels.publish(m, "execute_result", c);
                shown = result.value().get("text/plain");
            }
            JsonObject reply = ok();
            reply.addProperty("execution_count", count);
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", new JsonObject());
            r.reply("execute_reply", reply);
        } else {
            CellError e = result.error();
            JsonObject err = errorContent(e);
            channels.publish(m, "error", err);
            JsonObject reply = errorContent(e);
            reply.addProperty("status", "error");
            reply.addProperty("execution_count", count);
            JsonObject md = new JsonObject();
            md.addProperty("status", "error");
            r.reply("execute_reply", reply, md);
        }
        if (storeHistory) history.add(count, code, shown);
        r.handleEach(queued, this::abortQueued);
    }

    private CellResult run(String code, Output out) {
        if (startProblem != null) return CellResult.failed(kernelError("KernelNotUsable", startProblem));
        try {
            return evaluator.join().eval(code, out);
        } catch (CompletionException e) {
            return CellResult.failed(kernelError("KernelNotUsable", "the Java session did not start: " + e.getCause()));
        } catch (RuntimeException e) {
            return CellResult.failed(kernelError(e.getClass().getName(), "kernel error: " + e));
        }
    }

    private static CellError kernelError(String ename, String message) {
        return new CellError(ename, message, List.of(ename + ": " + message), 0);
    }

    /** While aborting: queued executes are not run; other requests are answered as usual. */
    private void abortQueued(Channels.Request q) {
        if (!q.message().type().equals("execute_request")) {
            handleShell(q);
            return;
        }
        JsonObject c = new JsonObject();
        c.addProperty("status", "aborted");
        JsonObject md = new JsonObject();
        md.addProperty("status", "aborted");
        q.reply("execute_reply", c, md);
    }

    private static JsonObject errorContent(CellError e) {
        JsonObject c = new JsonObject();
        c.addProperty("ename", e.ename());
        c.addProperty("evalue", e.evalue() == null ? "" : e.evalue());
        JsonArray tb = new JsonArray();
        e.styledTraceback().forEach(tb::add);
        c.add("traceback", tb);
        return c;
    }

    static JsonObject bundle(Map<String, String> b) {
        JsonObject data = new JsonObject();
        b.forEach(data::addProperty);
        return data;
    }

    /** A running cell's outputs, published on IOPub as they happen; stream text batched. */
    private final class Output implements CellOutput {
        private final Message parent;
        private final boolean allowStdin;
        final StreamBatcher batcher;

        Output(Message parent, boolean allowStdin) {
            this.parent = parent;
            this.allowStdin = allowStdin;
            this.batcher = new StreamBatcher(channels, parent);
        }

        @Override
        public void stream(String name, String text) {
            batcher.add(name, text);
        }

        @Override
        public void display(String id, Map<String, String> bundle, boolean update) {
            JsonObject c = new JsonObject();
            c.add("data", JavaKernel.bundle(bundle));
            c.add("metadata", new JsonObject());
            JsonObject transient_ = new JsonObject();
            transient_.addProperty("display_id", id);
            c.add("transient", transient_);
            batcher.flushThen(() -> channels.publish(parent, update ? "update_display_data" : "display_data", c));
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }

        @Override
        public String input(String prompt, boolean password) {
            if (!allowStdin) throw new NoInputException("this front end does not accept input (allow_stdin is off)");
            batcher.flush();
            try {
                return channels.input(parent, prompt, password);
            } catch (InterruptedException e) {
                throw new SnippetHooks.CellInterrupted();
            }
        }
    }

    // ---- interrupt and shutdown -------------------------------------------------------------

    /**
     * Stops the running cell, if any; the queue behind it is then aborted. A cell still busy in
     * library code that neither prints nor waits is told so after {@value #SLOW_STOP_MILLIS} ms.
     */
    void interrupt() {
        Message cell = executing;
        if (cell == null || !evaluator.isDone() || evaluator.isCompletedExceptionally()) return;
        interruptRequested.set(true);
        evaluator.join().interrupt();
        channels.schedule(() -> {
            if (executing != cell) return;
            JsonObject c = new JsonObject();
            c.addProperty("name", "stderr");
            c.addProperty("text", "The cell has not stopped: it is inside library code that neither prints nor waits"
                    + " (and this JDK cannot stop a thread). It stops at its next output; to stop it now, restart the kernel.\n");
            channels.publish(cell, "stream", c);
        }, SLOW_STOP_MILLIS);
    }

    private void shutdown(Channels.Request r) {
        JsonObject c = ok();
        c.addProperty("restart", r.message().flag("restart", false));
        r.reply("shutdown_reply", c);
        channels.publish(r.message(), "shutdown_reply", c);
        new Thread(() -> {
            if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) evaluator.join().interrupt();
            channels.close();
        }, "textdive-shutdown").start();
    }

    // ---- completion, inspection, history ----------------------------------------------------

    /** Jupyter counts cursor positions in code points; Java strings in UTF-16 units. */
    static int toIndex(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    static int toCodePoints(String code, int index) {
        return code.codePointCount(0, Math.max(0, Math.min(index, code.length())));
    }

    private JsonObject complete(Message m) {
        String code = m.text("code", "");
        int cursorPoints = m.number("cursor_pos", code.codePointCount(0, code.length()));
        int at = toIndex(code, cursorPoints);
        int[] anchor = {at};
        List<String> matches = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion s : evaluator.join().completions(code, at, anchor)) {
            if (!matches.contains(s.continuation())) matches.add(s.continuation());
        }
        JsonObject c = ok();
        JsonArray arr = new JsonArray();
        matches.forEach(arr::add);
        c.add("matches", arr);
        c.addProperty("cursor_start", matches.isEmpty() ? toCodePoints(code, at) : toCodePoints(code, anchor[0]));
        c.addProperty("cursor_end", toCodePoints(code, at));
        c.add("metadata", new JsonObject());
        return c;
    }

    private JsonObject inspect(Message m) {
        String code = m.text("code", "");
        int at = toIndex(code, m.number("cursor_pos", code.codePointCount(0, code.length())));
        String text = evaluator.join().inspect(code, at);
        JsonObject c = ok();
        c.addProperty("found", text != null);
        JsonObject data = new JsonObject();
        if (text != null) data.addProperty("text/plain", text);
        c.add("data", data);
        c.add("metadata", new JsonObject());
        return c;
    }

    private JsonObject isComplete(Message m) {
        JsonObject c = new JsonObject();
        switch (evaluator.join().completeness(m.text("code", ""))) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> c.addProperty("status", "complete");
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                c.addProperty("status", "incomplete");
                c.addProperty("indent", "    ");
            }
            case UNKNOWN -> c.addProperty("status", "invalid");
        }
        return c;
    }

    private JsonObject history(Message m) {
        boolean output = m.flag("output", false);
        JsonArray h = switch (m.text("hist_access_type", "tail")) {
            case "range" -> history.range(m.number("session", 0), m.number("start", 0), m.number("stop", 0), output);
            case "search" -> history.search(m.text("pattern", "*"), m.number("n", 0), m.flag("unique", false), output);
            default -> history.tail(m.number("n", 10), output);
        };
        JsonObject c = ok();
        c.add("history", h);
        return c;
    }

    private static JsonObject commInfo() {
        JsonObject c = ok();
        c.add("comms", new JsonObject());
        return c;
    }
}
