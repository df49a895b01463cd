package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private String refusal(byte[] content) throws IOException {
        Path p = dir.resolve("hostile.ipynb");
        Files.write(p, content);
        return assertThrows(IllegalArgumentException.class, () -> Notebook.read(p)).getMessage();
    }

    private String refusal(String json) throws IOException {
        return refusal(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A notebook Jupyter would not read is refused when read, naming the file and what is wrong, never a Gson exception later. */
    @Test
    void refusesMalformedNotebooksNamingTheFileAndTheProblem() throws IOException {
        String p = dir.resolve("hostile.ipynb").toString();
        String v4 = "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5";
        assertEquals(p + " is empty, not a notebook", refusal(""));
        assertEquals(p + " is not UTF-8 text, as a notebook must be (byte 12)",
                refusal(new byte[] {'{', '"', 'c', 'e', 'l', 'l', 's', '"', ':', ' ', '[', '"', (byte) 0xe9, '"', ']', '}'}));
        assertEquals(p + " is not valid JSON: malformed JSON at line 1 column 3 path $.", refusal("{cells: [], " + v4 + "}"));
        assertEquals(p + " is not valid JSON: malformed JSON at line 1 column 33 path $.metadata.x",
                refusal("{\"cells\": [], \"metadata\": {\"x\": NaN}, \"nbformat\": 4, \"nbformat_minor\": 5}"));
        assertEquals(p + " is not a notebook (not a JSON object)", refusal("[]"));
        assertEquals(p + " is nbformat 3, expected 4", refusal("{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": [], \"metadata\": {}}"));
        assertEquals(p + " is nbformat 5, expected 4", refusal("{\"cells\": [], \"metadata\": {}, \"nbformat\": 5, \"nbformat_minor\": 0}"));
        assertEquals(p + " has no \"nbformat\" version", refusal("{\"cells\": [], \"metadata\": {}}"));
        assertEquals(p + " has \"nbformat\": \"4\", not a version number", refusal("{\"cells\": [], \"nbformat\": \"4\"}"));
        assertEquals(p + " has \"nbformat_minor\": \"x\", not a version number", refusal("{\"cells\": [], \"nbformat\": 4, \"nbformat_minor\": \"x\"}"));
        assertEquals(p + " has \"metadata\" that is not an object", refusal("{\"cells\": [], \"metadata\": [], \"nbformat\": 4}"));
        assertEquals(p + " has \"metadata.language_info\" that is not an object",
                refusal("{\"cells\": [], \"metadata\": {\"language_info\": \"java\"}, \"nbformat\": 4}"));
        assertEquals(p + " has no \"cells\" list", refusal("{\"cells\": {}, " + v4 + "}"));
        assertEquals(p + " has cell 2 that is not an object", refusal("{\"cells\": [{\"cell_type\": \"raw\"}, \"x\"], " + v4 + "}"));
        assertEquals(p + " has cell 1 without a \"cell_type\" string", refusal("{\"cells\": [{\"source\": \"1\"}], " + v4 + "}"));
        assertEquals(p + " has cell 1 whose \"source\" is neither a string nor a list of strings",
                refusal("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"1\", 2]}], " + v4 + "}"));
        assertEquals(p + " has cell 1 whose \"metadata\" is not an object",
                refusal("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"1\", \"metadata\": []}], " + v4 + "}"));
        assertEquals(p + " has cell 1 whose \"metadata.tags\" is not a list of strings",
                refusal("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"1\", \"metadata\": {\"tags\": [{}]}}], " + v4 + "}"));
        assertEquals(p + " is nested more than 500 levels deep",
                refusal("{\"cells\": [], \"metadata\": {\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}, \"nbformat\": 4}"));
    }

    /**
     * What nbformat 4 allows is read and saved back as Jupyter reads it: a byte-order mark, sources as
     * strings, raw cells, attachments, unknown keys (duplicates: the last wins, as in Python) are kept,
     * and a cell without metadata, outputs or execution count gets them.
     */
    @Test
    void aRunKeepsWhatItDoesNotOwnAndSavesWhatJupyterNeeds() throws IOException {
        Path p = dir.resolve("keep.ipynb");
        String raw = "{\"cell_type\": \"raw\", \"id\": \"r1\", \"metadata\": {\"format\": \"text/html\"}, \"source\": \"<b>x</b>\"}";
        String md = "{\"attachments\": {\"i.png\": {\"image/png\": \"iVBOR\"}}, \"cell_type\": \"markdown\", \"id\": \"m1\", \"metadata\": {},"
                + " \"source\": [\"![i](attachment:i.png)\"]}";
        Files.write(p, ("\uFEFF{\"cells\": [" + raw + ", " + md + ", {\"cell_type\": \"code\", \"source\": \"6 * 7\", \"custom\": [1, 2.50, 1e400]}],"
                + " \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}, \"language_info\": {\"name\": \"python\", \"version\": \"3.11\"}, \"authors\": []},"
                + " \"nbformat\": 4, \"nbformat_minor\": 4, \"nbformat_minor\": 5, \"extra\": null}").getBytes(StandardCharsets.UTF_8));
        NotebookRunner.runFile(p, null);
        JsonObject nb = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        JsonArray cells = nb.getAsJsonArray("cells");
        JsonObject rawCell = JsonParser.parseString(raw).getAsJsonObject();
        rawCell.add("source", Notebook.splitLines("<b>x</b>"));
        assertEquals(rawCell, cells.get(0));
        assertEquals(JsonParser.parseString(md), cells.get(1));
        JsonObject code = cells.get(2).getAsJsonObject();
        assertEquals("[1,2.50,1e400]", code.get("custom").toString(), "numbers are written as they were read");
        assertEquals(new JsonObject(), code.get("metadata"));
        assertEquals(1, code.get("execution_count").getAsInt());
        assertEquals("42", Notebook.joinLines(code.getAsJsonArray("outputs").get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain")));
        assertTrue(code.get("id").getAsString().matches("[0-9a-f]{8}"), code::toString);
        assertEquals(5, nb.get("nbformat_minor").getAsInt());
        assertTrue(nb.has("extra") && nb.get("extra").isJsonNull());
        assertEquals("{\"authors\":[],\"kernelspec\":{\"display_name\":\"Java (textdive)\",\"language\":\"java\",\"name\":\"textdive-java\"},"
                + "\"language_info\":{\"name\":\"java\"}}", nb.get("metadata").toString(), "Python's language_info is replaced, not relabelled");
        assertTrue(!Files.readString(p).startsWith("\uFEFF"));
    }

    /** A lone surrogate (a legal JSON escape) has no UTF-8 form: it is saved as its escape, not as "?". */
    @Test
    void aLoneSurrogateIsSavedAsItsEscape() {
        JsonObject o = JsonParser.parseString("{\"a\": \"\\ud83d\\ude00 \\udc00\\ud800x \\ud800\"}").getAsJsonObject();
        String text = Notebook.toJupyterJson(o);
        assertEquals("{\n \"a\": \"\uD83D\uDE00 \\udc00\\ud800x \\ud800\"\n}\n", text);
        assertEquals(o, JsonParser.parseString(text));
    }

    /** Saving through a symbolic link writes the file it names and keeps the link, as Jupyter does. */
    @Test
    void savingThroughASymbolicLinkKeepsTheLink() throws IOException {
        Path real = dir.resolve("real.ipynb");
        Files.writeString(real, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
        Path link = Files.createSymbolicLink(dir.resolve("link.ipynb"), real.getFileName());
        Notebook nb = Notebook.read(link);
        nb.normalize();
        nb.write();
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).contains("textdive-java"));
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
        String cp = String.join(File.pathSeparator, Classpath.current().stream().map(Path::toString).toList());
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                NotebookRunner.class.getName(), p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(1, proc.exitValue(), out);
        assertTrue(out.contains("FAILED " + p + ": cell 2 failed: SystemExit: System.exit(0) was called"), out);
        assertTrue(out.contains("(this cell, line 2)"), out);
        assertTrue(!out.contains("after"), out);
    }
}
