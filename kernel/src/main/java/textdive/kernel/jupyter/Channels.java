package textdive.kernel.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel's five ZeroMQ sockets and the threads that own them (a ZeroMQ socket is used by one
 * thread at a time, and no thread that may be interrupted ever touches one):
 * <ul>
 *   <li><b>shell</b> and <b>control</b>: one loop thread each reads requests and hands them to
 *       the {@link Handler}, which replies from that thread (with status error if it fails). A
 *       message that is unsigned, wrongly signed, replayed or unreadable is logged and dropped;
 *       nothing a client sends ends a loop;</li>
 *   <li><b>IOPub</b>: one publisher thread sends every broadcast in the order it was queued;</li>
 *   <li><b>stdin</b>: one thread asks the front end for input on behalf of a running cell;</li>
 *   <li><b>heartbeat</b>: one thread echoes pings.</li>
 * </ul>
 * Around every request the loops publish {@code status: busy} and {@code status: idle}; a reply is
 * sent once its request's IOPub messages, idle included, have gone out.
 */
public final class Channels implements AutoCloseable {
    /** Handles one request on the thread of the channel it came from. */
    public interface Handler {
        void handle(Request request) throws Exception;
    }

    /** A received request and the channel to answer on. */
    public final class Request {
        private final Message message;
        private final Loop loop;
        private boolean idle;
        private boolean replied;

        Request(Message message, Loop loop) {
            this.message = message;
            this.loop = loop;
        }

        public Message message() {
            return message;
        }

        /** Sends {@code TYPE} with {@code content} back to the requester (call on the handling thread). */
        public void reply(String type, JsonObject content) {
            reply(type, content, new JsonObject());
        }

        /**
         * Sends the reply after {@code status: idle} is out: a client that has the reply then has every
         * message the request caused (clients such as jupyter_kernel_test read IOPub that way).
         */
        public void reply(String type, JsonObject content, JsonObject metadata) {
            Message m = Message.reply(message, type, content, session);
            m.metadata().asMap().putAll(metadata.asMap());
            replied = true;
            idle();
            awaitPublished();
            wire.send(loop.socket, m, null);
        }

        /**
         * Answers a request whose handler failed before replying (a content field of the wrong type,
         * say) with {@code status: error}, so the client is told instead of waiting for a reply forever.
         * Other messages (comms, unknown types) get none, as from ipykernel.
         */
        void replyFailed(Exception e) {
            String type = message.type();
            if (replied || !type.endsWith("_request")) return;
            JsonObject c = new JsonObject();
            c.addProperty("status", "error");
            c.addProperty("ename", e.getClass().getSimpleName());
            c.addProperty("evalue", String.valueOf(e.getMessage()));
            c.add("traceback", new JsonArray());
            reply(type.substring(0, type.length() - "_request".length()) + "_reply", c);
        }

        private void idle() {
            if (idle) return;
            idle = true;
            publish(message, "status", status("idle"));
        }

        /** The requests waiting on this channel right now (read, not yet handled), in order. */
        public List<Request> waiting() {
            return loop.waiting();
        }

        /** Handles requests taken with {@link #waiting}, each with busy/idle around it, on this thread. */
        public void handleEach(List<Request> requests, Consumer<Request> each) {
            for (Request q : requests) loop.dispatch(q, each::accept);
        }
    }

    private static final long POLL_MILLIS = 100;

    private final ConnectionInfo info;
    private final Wire wire;
    private final String session = UUID.randomUUID().toString();
    private final PrintStream log;
    private final ZContext context = new ZContext(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ScheduledExecutorService iopubThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "textdive-iopub"));
    private final ExecutorService stdinThread = Executors.newSingleThreadExecutor(r -> daemon(r, "textdive-stdin"));
    private ZMQ.Socket iopub;
    private ZMQ.Socket stdin;
    private Loop shell;
    private Loop control;
    private Thread heartbeat;

    /** @param log where bad messages and handler failures are reported (the kernel's own stderr) */
    public Channels(ConnectionInfo info, PrintStream log) {
        this.info = info;
        this.wire = new Wire(new Signer(info.key(), info.signatureScheme()));
        this.log = log;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Binds every socket, starts the loops and publishes {@code status: starting}. */
    public void start(Handler shellHandler, Handler controlHandler) {
        iopub = bind(SocketType.PUB, info.iopubPort());
        stdin = bind(SocketType.ROUTER, info.stdinPort());
        ZMQ.Socket hb = bind(SocketType.REP, info.hbPort());
        shell = new Loop("textdive-shell", bind(SocketType.ROUTER, info.shellPort()), shellHandler);
        control = new Loop("textdive-control", bind(SocketType.ROUTER, info.controlPort()), controlHandler);
        heartbeat = daemon(() -> echo(hb), "textdive-heartbeat");
        heartbeat.start();
        shell.start();
        control.start();
        publish(null, "status", status("starting"));
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        s.bind(info.address(port));
        return s;
    }

    private void echo(ZMQ.Socket hb) {
        ZMQ.Poller poller = context.createPoller(1);
        poller.register(hb, ZMQ.Poller.POLLIN);
        while (running.get()) {
            if (poller.poll(POLL_MILLIS) > 0 && poller.pollin(0)) {
                byte[] ping = hb.recv(0);
                if (ping != null) hb.send(ping, 0);
            }
        }
    }

    /** Broadcasts a message on IOPub, after everything queued before it. */
    public void publish(Message parent, String type, JsonObject content) {
        Message m = Message.reply(parent, type, content, session);
        iopubThread.execute(() -> {
            if (running.get()) wire.send(iopub, m, type.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Runs {@code task} on the IOPub thread after {@code delayMillis} (to batch output). */
    public void schedule(Runnable task, long delayMillis) {
        iopubThread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Waits until everything queued for IOPub so far has been sent. */
    public void awaitPublished() {
        try {
            iopubThread.submit(() -> {}).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            // closing
        }
    }

    static JsonObject status(String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        return c;
    }

    /**
     * Asks the front end that sent {@code parent} for a line of input (stdin's input_request) and
     * waits for it. Interrupting the calling thread abandons the request.
     */
    public String input(Message parent, String prompt, boolean password) throws InterruptedException {
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<String> answer = stdinThread.submit(() -> {
            ZMQ.Poller poller = context.createPoller(1);
            poller.register(stdin, ZMQ.Poller.POLLIN);
            try {
                while (poller.poll(0) > 0 && poller.pollin(0)) readStdin(); // a stale answer to an abandoned request
                JsonObject content = new JsonObject();
                content.addProperty("prompt", prompt);
                content.addProperty("password", password);
                wire.send(stdin, Message.reply(parent, "input_request", content, session), null);
                // front ends do not always name the request they answer (jupyter_client does not): the
                // first input_reply after the request is its answer, as in ipykernel
                while (running.get() && !abandoned.get()) {
                    if (poller.poll(POLL_MILLIS) <= 0 || !poller.pollin(0)) continue;
                    Message reply = readStdin();
                    if (reply != null && reply.type().equals("input_reply")) return reply.text("value", "");
                }
                throw new CancellationException("input request abandoned");
            } finally {
                poller.close();
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            abandoned.set(true);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("no input: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private Message readStdin() {
        try {
            return wire.read(stdin);
        } catch (BadMessage e) {
            log("stdin: dropped a message: " + e.getMessage());
            return null;
        }
    }

    void log(String line) {
        log.println("[" + LocalTime.now().withNano(0) + " textdive-kernel] " + line);
        log.flush();
    }

    /** Stops every loop and closes the sockets (the loops finish their current request first). */
    @Override
    public void close() {
        if (!running.getAndSet(false)) return;
        awaitPublished();
        iopubThread.shutdown();
        stdinThread.shutdownNow();
        for (Thread t : new Thread[] {heartbeat, shell, control}) {
            if (t == null || t == Thread.currentThread()) continue;
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.close();
    }

    /** Blocks until {@link #close} was called. */
    public void awaitClose() throws InterruptedException {
        while (running.get()) Thread.sleep(POLL_MILLIS);
    }

    /** A ROUTER socket's read-dispatch loop. */
    private final class Loop extends Thread {
        final ZMQ.Socket socket;
        private final Handler handler;
        private final ZMQ.Poller poller;

        Loop(String name, ZMQ.Socket socket, Handler handler) {
            super(name);
            setDaemon(true);
            this.socket = socket;
            this.handler = handler;
            this.poller = context.createPoller(1);
            poller.register(socket, ZMQ.Poller.POLLIN);
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    if (poller.poll(POLL_MILLIS) > 0 && poller.pollin(0)) {
                        Request r = next();
                        if (r != null) dispatch(r, handler::handle);
                    }
                } catch (Throwable t) { // a loop never dies: report and go on with the next message
                    log(getName() + ": " + t);
                }
            }
        }

        /** The next waiting message, or null when it was bad (logged and dropped). */
        private Request next() {
            try {
                return new Request(wire.read(socket), this);
            } catch (BadMessage e) {
                log(getName() + ": dropped a message: " + e.getMessage());
                return null;
            }
        }

        private interface Step {
            void run(Request r) throws Exception;
        }

        private void dispatch(Request r, Step step) {
            publish(r.message(), "status", status("busy"));
            try {
                step.run(r);
            } catch (Exception e) {
                log(getName() + ": " + r.message().type() + " failed: " + e);
                r.replyFailed(e);
            } finally {
                r.idle();
            }
        }

        List<Request> waiting() {
            List<Request> out = new ArrayList<>();
            while (poller.poll(0) > 0 && poller.pollin(0)) {
                Request r = next();
                if (r != null) out.add(r);
            }
            return out;
        }
    }
}
