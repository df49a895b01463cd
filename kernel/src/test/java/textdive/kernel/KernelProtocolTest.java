package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook through the real kernel with Jupyter's own client (Debian's python3-nbclient, as
 * nbconvert runs it): streams, display and update_display_data, execute_result, and errors arrive as
 * nbformat outputs. Skipped without nbclient.
 */
class KernelProtocolTest {
    @TempDir
    Path dir;

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
        assumeTrue(RealKernel.available("nbclient", "nbformat"), "skipped: " + RealKernel.PYTHON + " with nbclient is not installed");
        Path jupyter = RealKernel.install(dir);

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

        RealKernel.script(jupyter, "execute_notebook.py", in.toString(), out.toString(), "allow_errors");

        List<JsonObject> done = Notebook.read(out).cells();
        assertEquals(List.of("stream stdout: to out\n", "stream stderr: to err\n"), summary(done.get(0)));
        assertEquals(List.of("display_data {\"text/plain\":[\"second\"]}", "execute_result {\"text/plain\":[\"42\"]}"), summary(done.get(1)));
        assertTrue(summary(done.get(2)).get(0).startsWith("execute_result {\"text/html\":[\"<table"), summary(done.get(2)).toString());
        assertEquals(List.of("error CheckFailed: check failed: n: expected <2> but was <1>"), summary(done.get(3)));
        assertEquals(List.of("error CompilationError: cannot find symbol\n  symbol:   variable missing"), summary(done.get(4)));
        JsonArray tb = done.get(3).getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonArray("traceback");
        assertEquals("\u001b[0;31mcheck failed: n: expected <2> but was <1> (cell line 2)\u001b[0m", tb.get(0).getAsString());
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
