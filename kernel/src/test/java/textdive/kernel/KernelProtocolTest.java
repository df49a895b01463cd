package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kernel through Jupyter's own client (Debian's python3-nbclient): streams, display and
 * update_display_data, execute_result, and errors arrive as nbformat outputs. Skipped without nbclient.
 */
class KernelProtocolTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String EXECUTE = String.join("\n",
            "import sys, nbformat",
            "from nbclient import NotebookClient",
            "nb = nbformat.read(sys.argv[1], as_version=4)",
            "NotebookClient(nb, kernel_name='textdive-java', timeout=120, startup_timeout=120, allow_errors=True).execute()",
            "nbformat.write(nb, sys.argv[2])");

    @TempDir
    Path dir;

    static boolean hasNbclient() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        Process p = new ProcessBuilder(PYTHON, "-c", "import nbclient, nbformat").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    static JsonObject code(String source) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "code");
        c.add("execution_count", null);
        c.add("metadata", new JsonObject());
        c.add("outputs", new JsonArray());
        c.add("source", Notebook.splitLines(source));
        return c;
    }

    @Test
    void notebookThroughTheRealKernel() throws Exception {
        assumeTrue(hasNbclient(), "skipped: " + PYTHON + " with nbclient is not installed");
        String cp = Classpath.current().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        KernelInstaller.install(dir.resolve("jupyter"), cp, null);

        JsonObject nb = new JsonObject();
        JsonArray cells = new JsonArray();
        cells.add(code("System.out.println(\"to out\");\nSystem.err.println(\"to err\");"));
        cells.add(code("var id = display(\"first\");\nupdate(id, \"second\");\n6 * 7"));
        cells.add(code("tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1))"));
        cells.add(code("int n = 1;\ncheckEquals(2, n, \"n\");"));
        cells.add(code("missing + 1"));
        nb.add("cells", cells);
        JsonObject md = new JsonObject();
        JsonObject ks = new JsonObject();
        ks.addProperty("name", Notebook.KERNEL_NAME);
        ks.addProperty("display_name", Notebook.KERNEL_DISPLAY_NAME);
        md.add("kernelspec", ks);
        nb.add("metadata", md);
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 4);
        Path in = dir.resolve("in.ipynb");
        Path out = dir.resolve("out.ipynb");
        Files.writeString(in, Notebook.toJupyterJson(nb), StandardCharsets.UTF_8);

        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", EXECUTE, in.toString(), out.toString()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "nbclient did not finish");
        assertEquals(0, p.exitValue(), log);

        List<JsonObject> done = Notebook.read(out).cells();
        assertEquals(List.of("stream stdout: to out\n", "stream stderr: to err\n"), summary(done.get(0)));
        assertEquals(List.of("display_data {\"text/plain\":[\"second\"]}", "execute_result {\"text/plain\":[\"42\"]}"), summary(done.get(1)));
        assertTrue(summary(done.get(2)).get(0).startsWith("execute_result {\"text/html\":[\"<table"), summary(done.get(2)).toString());
        assertEquals(List.of("error CheckFailed: check failed: n: expected <2> but was <1>"), summary(done.get(3)));
        assertEquals(List.of("error CompilationError: cannot find symbol\n  symbol:   variable missing"), summary(done.get(4)));
        JsonArray tb = done.get(3).getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonArray("traceback");
        assertEquals("check failed: n: expected <2> but was <1> (cell line 2)", tb.get(0).getAsString());
    }

    private static final String INTERRUPT = String.join("\n",
            "import time",
            "from jupyter_client.manager import start_new_kernel",
            "km, kc = start_new_kernel(kernel_name='textdive-java', startup_timeout=120)",
            "def run(code, interrupt_after=None):",
            "    msg_id = kc.execute(code)",
            "    if interrupt_after is not None:",
            "        time.sleep(interrupt_after)",
            "        km.interrupt_kernel()",
            "    while True:",
            "        m = kc.get_shell_msg(timeout=120)",
            "        if m['parent_header'].get('msg_id') == msg_id:",
            "            return m['content']",
            "try:",
            // ignores the interrupt and prints while its interrupt flag is set: the kernel must stop
            // it and stay healthy (an interrupted thread that writes to a ZeroMQ socket closes it)
            "    r = run('long spins = 0;\\nwhile (true) { if (Thread.currentThread().isInterrupted() && spins++ % 100000 == 0) System.out.println(\"still here\"); }', 3)",
            "    print('first', r['status'], r.get('ename'))",
            "    r = run('System.out.println(\"after\"); 6 * 7')",
            "    print('second', r['status'])",
            "finally:",
            "    kc.stop_channels()",
            "    km.shutdown_kernel(now=False)");

    @Test
    void interruptStopsTheCellAndTheKernelLivesOn() throws Exception {
        assumeTrue(hasNbclient(), "skipped: " + PYTHON + " with nbclient is not installed");
        String cp = Classpath.current().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        KernelInstaller.install(dir.resolve("jupyter"), cp, null);
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", INTERRUPT).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "jupyter_client did not finish");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("first error Interrupted") && log.contains("second ok"), log);
    }

    private static List<String> summary(JsonObject cell) {
        return cell.getAsJsonArray("outputs").asList().stream().map(e -> {
            JsonObject o = e.getAsJsonObject();
            String type = o.get("output_type").getAsString();
            return switch (type) {
                case "stream" -> "stream " + o.get("name").getAsString() + ": " + Notebook.joinLines(o.get("text"));
                case "error" -> "error " + o.get("ename").getAsString() + ": " + o.get("evalue").getAsString();
                default -> type + " " + o.get("data");
            };
        }).collect(Collectors.toList());
    }
}
