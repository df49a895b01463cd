package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./textdive export}: a notebook as a JShell script that the JDK's jshell runs. */
class JshExportTest {
    @TempDir
    Path dir;

    private static String shown(String code) {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis a = shell.sourceCodeAnalysis();
            return JshExport.withDisplayedValue(code, a);
        }
    }

    @Test
    void aTrailingExpressionIsDisplayedAndEverythingElseKept() {
        assertEquals("int a = 6 * 7;\ndisplay(a + 1);", shown("int a = 6 * 7;\na + 1"));
        assertEquals("var t = table();\ndisplay(t // the table\n);", shown("var t = table();\nt // the table"));
        assertEquals("learn.fit(1, 2);", shown("learn.fit(1, 2);"));
        assertEquals("int x = 1", shown("int x = 1"), "a declaration without its semicolon is left to jshell");
        assertEquals("class A {\n}", shown("class A {\n}"));
        assertEquals("for (int i = 0; i < 3; i++) {\n    f(i);\n}", shown("for (int i = 0; i < 3; i++) {\n    f(i);\n}"));
        assertEquals("display(List.of(1,\n    2));", shown("List.of(1,\n    2)"));
    }

    private static String readable(String code) {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            return JshExport.readableByJshell(code, shell.sourceCodeAnalysis());
        }
    }

    @Test
    void continuationLinesAreKeptInTheirSnippetForJshellsLineByLineReading() {
        assertEquals("XYChart c = new XYChartBuilder().width(6).\n    title(\"t\").build();",
                readable("XYChart c = new XYChartBuilder().width(6)\n    .title(\"t\").build();"));
        assertEquals("String s = \"a\" +\n    \"b\";", readable("String s = \"a\"\n    + \"b\";"));
        assertEquals("var x = f(). // why\n    g();", readable("var x = f() // why\n    .g();"));
        assertEquals("foo();\nbar();", readable("foo();\nbar();"));
        assertEquals("for (int i = 0; i < 3; i++)\n    f(i);", readable("for (int i = 0; i < 3; i++)\n    f(i);"));
        assertEquals("double[] d = {1, 2}, e = {3};", readable("double[] d = {1, 2}, e = {3};"));
        assertEquals("int a = 1;\n// a comment\nint b = a +\n    2;\nb", readable("int a = 1;\n// a comment\nint b = a\n    + 2;\nb"));
    }

    @Test
    void aStatementWithACommentIsNotDisplayed() {
        assertEquals("rules.add(1, r); // after fixHtml", shown("rules.add(1, r); // after fixHtml"));
    }

    private Path notebook(String cellsJson) throws IOException {
        Path p = dir.resolve("n.ipynb");
        Files.writeString(p, "{\"cells\": [" + cellsJson + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void markdownBecomesCommentsAndCellsKeepTheirOrder() throws IOException {
        Path p = notebook("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"# Title\\n\", \"\\n\", \"Some *text*.\"]},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": [\"int answer = 42;\"]},"
                + "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": [\"answer\"]}");
        String jsh = JshExport.toJsh(Notebook.read(p));
        assertTrue(jsh.contains("import static textdive.course.Checks.*;"), jsh);
        assertTrue(jsh.contains("\n// # Title\n//\n// Some *text*.\n"), jsh);
        assertTrue(jsh.indexOf("// ---- cell 1 ----\nint answer = 42;") < jsh.indexOf("// ---- cell 2 ----\ndisplay(answer);"), jsh);
        List<Path> written = JshExport.export(List.of(p), dir.resolve("out"));
        assertEquals(List.of(dir.resolve("out").resolve("n.jsh")), written);
        assertEquals(jsh, Files.readString(written.get(0)));
    }

    /** A lone carriage return ends a line for Java: markdown after one stays in a comment instead of running as code. */
    @Test
    void markdownWithCarriageReturnsStaysInComments() throws IOException {
        Path p = notebook("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"old Mac\\rSystem.exit(3);\\r\\nWindows\"}");
        String jsh = JshExport.toJsh(Notebook.read(p));
        assertTrue(jsh.contains("\n// old Mac\n// System.exit(3);\n// Windows\n"), jsh);
        assertTrue(!jsh.contains("\r"), jsh);
    }

    @Test
    void theJdksJshellRunsAnExportWithTheLibrary() throws Exception {
        Path p = notebook("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": [\"check(Scale.current() != null, \\\"a scale\\\");\\n\", \"List.of(\\\"jshell\\\", 42)\"]}");
        Path jsh = JshExport.export(List.of(p), dir).get(0);
        String javaHome = System.getProperty("java.home");
        String cp = String.join(File.pathSeparator, Classpath.current().stream().map(Path::toString).toList());
        Process proc = new ProcessBuilder(Path.of(javaHome, "bin", "jshell").toString(), "--class-path", cp, jsh.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
        assertTrue(out.contains("[jshell, 42]"), out);
        assertTrue(!out.contains("Exception") && !out.contains("Error:"), out);
    }
}
