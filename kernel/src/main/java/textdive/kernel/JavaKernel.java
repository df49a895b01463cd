package textdive.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

/**
 * The Jupyter kernel: jjava-jupyter speaks the protocol, the shared {@link Evaluator} runs the cells,
 * so a notebook in Jupyter behaves exactly as in the headless runner and the course tests.
 *
 * <p>The evaluator starts in the background while the sockets open, so the kernel answers
 * {@code kernel_info_request} at once; the first execute request waits for it.
 */
public final class JavaKernel extends BaseKernel {
    public static final String VERSION = "0.1.0";

    private final CompletableFuture<Evaluator> evaluator;
    /**
     * Publishes a cell's outputs in order. The cell's thread only queues them: it may be
     * interrupted, and an interrupted thread must never touch a ZeroMQ socket (NIO would close it).
     */
    private final ExecutorService iopub = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "textdive-iopub");
        t.setDaemon(true);
        return t;
    });

    private JavaKernel(Builder b, CompletableFuture<Evaluator> evaluator) {
        super(b.name(), b.version(), languageInfo(), List.of(), null,
                b.io(), b.comms(), b.renderer(), null, b.magics(), false, b.styler());
        this.evaluator = evaluator;
    }

    /** A kernel whose evaluator is being created by {@code evaluator}. */
    public static JavaKernel create(CompletableFuture<Evaluator> evaluator) {
        return new Builder().name(Notebook.KERNEL_NAME).version(VERSION).make(evaluator);
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private Evaluator evaluator() {
        return evaluator.join();
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        CellResult result;
        try {
            result = evaluator().eval(request.getCode(), new Publisher(env, iopub));
        } catch (RuntimeException e) {
            result = CellResult.failed(new CellError(e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("kernel error: " + e), 0));
        }
        drain(iopub);
        if (result.isOk()) {
            if (result.value() != null && !request.isSilent())
                env.publish(new PublishExecuteResult(count, displayData(result.value(), null)));
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } else {
            CellError e = result.error();
            env.publish(new PublishError(e.ename(), e.evalue(), e.traceback()));
            ErrorReply reply = new ErrorReply(e.ename(), e.evalue(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    static DisplayData displayData(Map<String, String> bundle, String displayId) {
        DisplayData d = new DisplayData();
        bundle.forEach(d::putData);
        if (displayId != null) d.setDisplayId(displayId);
        return d;
    }

    /** Waits until every output queued so far is published (before the result and the reply). */
    private static void drain(ExecutorService queue) {
        try {
            queue.submit(() -> {}).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Publishes a running cell's outputs on IOPub as they happen, through the ordered queue. */
    private static final class Publisher implements CellOutput {
        private final ShellReplyEnvironment env;
        private final ExecutorService queue;

        Publisher(ShellReplyEnvironment env, ExecutorService queue) {
            this.env = env;
            this.queue = queue;
        }

        @Override
        public void stream(String name, String text) {
            PublishStream.StreamType type = "stderr".equals(name) ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT;
            queue.execute(() -> env.publish(new PublishStream(type, text)));
        }

        @Override
        public void display(String id, Map<String, String> bundle, boolean update) {
            DisplayData d = displayData(bundle, id);
            queue.execute(() -> {
                if (update) env.publish(new PublishUpdateDisplayData(d));
                else env.publish(new PublishDisplayData(d));
            });
        }

        @Override
        public boolean updatesInPlace() {
            return true;
        }
    }

    @Override
    public Object evalRaw(String source) {
        CellResult r = evaluator().eval(source, new CellOutput() {
            @Override
            public void stream(String name, String text) {
                (name.equals("stderr") ? System.err : System.out).print(text);
            }

            @Override
            public void display(String id, Map<String, String> bundle, boolean update) {}
        });
        if (!r.isOk()) throw new IllegalStateException(r.error().summary());
        return r.value() == null ? null : displayData(r.value(), null);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = evaluator().documentation(code, at);
        if (docs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null) sb.append(d.javadoc()).append('\n');
        }
        return new DisplayData(sb.toString());
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = {at};
        List<String> options = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion s : evaluator().completions(code, at, anchor)) {
            if (!options.contains(s.continuation())) options.add(s.continuation());
        }
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return switch (evaluator().completeness(code)) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        if (evaluator.isDone()) evaluator().interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) evaluator().close();
    }

    /** Reaches the protocol library's default parts (IO, comms, renderer, error styling). */
    private static final class Builder extends BaseKernelBuilder<Builder, JavaKernel> {
        JavaKernel make(CompletableFuture<Evaluator> evaluator) {
            return new JavaKernel(this, evaluator);
        }

        @Override
        public JavaKernel build() {
            throw new UnsupportedOperationException("use JavaKernel.create");
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() {
            return buildJupyterIO(StandardCharsets.UTF_8);
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() {
            return buildErrorStyler();
        }
    }
}
