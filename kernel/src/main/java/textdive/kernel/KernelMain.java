package textdive.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point of the {@code textdive-java} kernelspec: {@code java ... textdive.kernel.KernelMain
 * CONNECTION_FILE}. Every handler is registered before a socket opens, and the JShell session is
 * built on a separate thread meanwhile (requests that need it wait for it).
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java textdive.kernel.KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        KernelConnectionProperties props =
                KernelConnectionProperties.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        CompletableFuture<Evaluator> evaluator = CompletableFuture.supplyAsync(Evaluator::new, runnable -> {
            Thread t = new Thread(runnable, "textdive-evaluator-init");
            t.setDaemon(true);
            t.start();
        });
        JavaKernel kernel = JavaKernel.create(evaluator);
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
