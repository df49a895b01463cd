package textdive.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import textdive.kernel.jupyter.Channels;
import textdive.kernel.jupyter.ConnectionInfo;

/**
 * Entry point of the {@code textdive-java} kernelspec: {@code java ... textdive.kernel.KernelMain
 * CONNECTION_FILE}. The sockets open at once and the JShell session is built on a separate thread
 * meanwhile (requests that need it wait for it). If the session cannot run cells on this JVM, the
 * kernel says why, in its log and in every cell, instead of failing each cell obscurely.
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: java textdive.kernel.KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        PrintStream log = System.err; // cells redirect System.err while they run
        String jdk = KernelInstaller.javaMismatch();
        if (jdk != null) log.println("textdive-kernel: " + jdk);
        ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
        Channels channels = new Channels(info, log);
        CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
        JavaKernel kernel = new JavaKernel(evaluator, channels);
        Thread init = new Thread(() -> {
            try {
                Evaluator ev = new Evaluator();
                String problem = ev.selfTest();
                if (ev.warning() != null) log.println("textdive-kernel: " + ev.warning());
                if (problem != null) {
                    String why = problem + (jdk != null ? "; " + jdk : "");
                    log.println("textdive-kernel: " + why);
                    kernel.startProblem(why);
                }
                evaluator.complete(ev);
            } catch (Throwable t) {
                String why = "the Java session did not start on Java " + Runtime.version() + ": " + t + (jdk != null ? "; " + jdk : "");
                log.println("textdive-kernel: " + why);
                kernel.startProblem(why);
                evaluator.completeExceptionally(t);
            }
        }, "textdive-evaluator-init");
        init.setDaemon(true);
        init.start();
        kernel.start();
        channels.awaitClose();
        System.exit(0);
    }
}
