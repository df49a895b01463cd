package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real textdive-java kernel for tests: installed from this JVM's class path into a temporary
 * Jupyter data folder (never the user's), and driven by the Python scripts under
 * {@code src/test/resources/textdive/kernel/python} through Debian's jupyter_client. A script
 * prints its observations as one {@code RESULT {json}} line for the Java test to check.
 */
final class RealKernel {
    static final String PYTHON = "/usr/bin/python3";

    private RealKernel() {}

    /** Whether Debian's Python with jupyter_client (and {@code modules}) is there. */
    static boolean available(String... modules) {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        String imports = String.join(", ", modules.length == 0 ? new String[] {"jupyter_client"} : modules);
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + imports).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One kernel session of {@code python/SCRIPT} in a kernelspec installed under {@code dir}: its
     * observations (the test is skipped without Debian's jupyter_client).
     */
    static JsonObject session(Path dir, String script) throws IOException, InterruptedException {
        assumeTrue(available(), "skipped: " + PYTHON + " with jupyter_client is not installed");
        return script(install(dir), script).result();
    }

    /** Installs the kernelspec under {@code dir} and returns the folder to put on JUPYTER_PATH. */
    static Path install(Path dir) throws IOException {
        Path data = dir.resolve("jupyter");
        KernelInstaller.install(data, Classpath.current(), System.getenv("TEXTDIVE_MIRROR"));
        return data;
    }

    static Path scripts() {
        try {
            return Path.of(RealKernel.class.getResource("python/kernel_client.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a script printed, and the observations of its RESULT line (null when it printed none). */
    record Run(String log, JsonObject result) {}

    /** Runs {@code python/NAME} with the kernel on JUPYTER_PATH; fails the test if the script fails. */
    static Run script(Path jupyterPath, String name, String... args) throws IOException, InterruptedException {
        return script(jupyterPath, Map.of(), name, args);
    }

    static Run script(Path jupyterPath, Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, scripts().resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("PYTHONPATH", scripts().toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), name + " did not finish:\n" + log);
        assertEquals(0, p.exitValue(), name + " failed:\n" + log);
        JsonObject result = null;
        for (String line : log.split("\n")) {
            if (line.startsWith("RESULT ")) result = JsonParser.parseString(line.substring(7)).getAsJsonObject();
        }
        return new Run(log, result);
    }
}
