package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookTest {
    @TempDir
    Path dir;

    @Test
    void writesJsonLikeJupyter() {
        JsonObject o = JsonParser.parseString("{\"b\": [1, {\"z\": null, \"a\": \"<é>\"}], \"a\": {}, \"c\": []}").getAsJsonObject();
        // python: json.dumps(o, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        assertEquals("{\n \"a\": {},\n \"b\": [\n  1,\n  {\n   \"a\": \"<é>\",\n   \"z\": null\n  }\n ],\n \"c\": []\n}\n",
                Notebook.toJupyterJson(o));
    }

    @Test
    void splitsLinesKeepingNewlines() {
        assertEquals(JsonParser.parseString("[\"a\\n\", \"\\n\", \"b\"]"), Notebook.splitLines("a\n\nb"));
        assertEquals(new JsonArray(), Notebook.splitLines(""));
        assertEquals("a\n\nb", Notebook.joinLines(Notebook.splitLines("a\n\nb")));
    }

    @Test
    void textMimeTypesAreSplitImagesAreNot() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", "x\ny");
        bundle.put("image/png", "iVBOR");
        JsonObject data = Notebook.bundleJson(bundle);
        assertTrue(data.get("text/plain").isJsonArray());
        assertEquals("iVBOR", data.get("image/png").getAsString());
    }

    @Test
    void rejectsWhatIsNotANotebook() throws IOException {
        Path p = dir.resolve("bad.ipynb");
        Files.writeString(p, "{\"cells\": [", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Notebook.read(p)).getMessage().contains("not valid JSON"));
        Files.writeString(p, "{\"cells\": [], \"nbformat\": 3}", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Notebook.read(p)).getMessage().contains("nbformat 3"));
    }

    @Test
    void runnerWritesOutputsCountsAndStopsAtTheFirstErrorWhenAskedToSaveAFailedRun() throws IOException {
        Path p = dir.resolve("n.ipynb");
        Files.writeString(p, "{\"cells\": ["
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"System.out.print(\\\"a\\\");\\nSystem.out.println(\\\"b\\\");\\n1 + 1\"},"
                + "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"text\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"throw new RuntimeException(\\\"x\\\");\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [\"old\"], \"execution_count\": 9, \"source\": \"1\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        NotebookRunner.CellFailed f = assertThrows(NotebookRunner.CellFailed.class, () -> NotebookRunner.runFile(p, null, true));
        assertEquals(p + ": cell 4 failed: java.lang.RuntimeException: x (cell line 1)", f.getMessage());
        JsonObject nb = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        JsonArray cells = nb.getAsJsonArray("cells");
        JsonObject c1 = cells.get(0).getAsJsonObject();
        assertEquals(1, c1.get("execution_count").getAsInt());
        assertEquals(JsonParser.parseString("[{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"ab\\n\"]},"
                + "{\"data\": {\"text/plain\": [\"2\"]}, \"execution_count\": 1, \"metadata\": {}, \"output_type\": \"execute_result\"}]"),
                c1.get("outputs"));
        assertTrue(cells.get(2).getAsJsonObject().get("execution_count").isJsonNull(), "blank cells are not executed");
        assertEquals("error", cells.get(3).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject().get("output_type").getAsString());
        assertEquals(9, cells.get(4).getAsJsonObject().get("execution_count").getAsInt(), "cells after the failure are left alone");
        assertEquals("textdive-java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
        assertTrue(Files.readString(p).endsWith("}\n"));
    }

    @Test
    void headlessUpdateReplacesTheShownOutputEvenInAnEarlierCell() throws IOException {
        Path p = dir.resolve("u.ipynb");
        Files.writeString(p, "{\"cells\": ["
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"var pid = display(\\\"step 1\\\");\\nupdate(pid, \\\"step 2\\\");\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"update(pid, \\\"step 3\\\");\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        NotebookRunner.runFile(p, null);
        JsonArray cells = JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonArray("cells");
        assertEquals(JsonParser.parseString("[{\"data\": {\"text/plain\": [\"step 3\"]}, \"metadata\": {}, \"output_type\": \"display_data\"}]"),
                cells.get(0).getAsJsonObject().get("outputs"));
        assertEquals(new JsonArray(), cells.get(1).getAsJsonObject().get("outputs"));
    }

    /** Issue 12, item 5: a failed headless run never writes a traceback into a tracked notebook unless asked. */
    @Test
    void aFailedRunLeavesTheNotebookFileUntouched() throws IOException {
        Path p = dir.resolve("f.ipynb");
        String original = "{\"cells\": ["
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [\"recorded\"], \"execution_count\": 3, \"source\": \"System.out.println(1);\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"throw new IllegalStateException(\\\"offline\\\");\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}";
        Files.writeString(p, original);
        NotebookRunner.CellFailed f = assertThrows(NotebookRunner.CellFailed.class, () -> NotebookRunner.runFile(p, null));
        assertEquals(p + ": cell 2 failed: java.lang.IllegalStateException: offline (cell line 1)", f.getMessage());
        assertEquals(original, Files.readString(p));
    }

    /** Issue 11, item 2: System.exit in a cell fails that cell; the runner names notebook and cell and exits non-zero. */
    @Test
    void systemExitInACellFailsTheRunWithNotebookAndCell() throws Exception {
        Path p = dir.resolve("exit.ipynb");
        Files.writeString(p, "{\"cells\": ["
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"System.out.println(\\\"before\\\");\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"int code = 0;\\nSystem.exit(code);\"},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"System.out.println(\\\"after\\\");\"}"
                + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        String cp = String.join(java.io.File.pathSeparator, Classpath.current().stream().map(Path::toString).toList());
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                NotebookRunner.class.getName(), p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(1, proc.exitValue(), out);
        assertTrue(out.contains("FAILED " + p + ": cell 2 failed: SystemExit: System.exit(0) was called"), out);
        assertTrue(out.contains("(this cell, line 2)"), out);
        assertTrue(!out.contains("after"), out);
    }
}
