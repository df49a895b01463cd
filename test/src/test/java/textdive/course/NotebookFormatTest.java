package textdive.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import textdive.kernel.Notebook;

/**
 * Every notebook in the repository is valid nbformat 4 (checked by the nbformat schema, through
 * Debian's python3-nbformat when it is installed) and names the textdive-java kernelspec.
 */
class NotebookFormatTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String VALIDATE = String.join("\n",
            "import sys, nbformat",
            "for path in sys.argv[1:]:",
            "    try:",
            "        nbformat.validate(nbformat.read(path, as_version=4))",
            "        print('OK\\t' + path)",
            "    except Exception as e:",
            "        print('INVALID\\t' + path + '\\t' + ' '.join(str(e).split())[:600])");

    private final Path root = CourseRoot.get();

    private List<Path> allNotebooks() {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("notebooks", "exercises", "solutions")) all.addAll(NotebookVerifier.notebooksIn(root.resolve(dir)));
        return all;
    }

    @TestFactory
    List<DynamicTest> namesTheTextdiveKernel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : allNotebooks()) {
            tests.add(DynamicTest.dynamicTest(root.relativize(p).toString(), () -> {
                JsonObject md = Notebook.read(p).json().getAsJsonObject("metadata");
                assertTrue(md != null && md.has("kernelspec"), p + " has no kernelspec in its metadata");
                JsonObject ks = md.getAsJsonObject("kernelspec");
                assertEquals(Notebook.KERNEL_NAME, ks.get("name").getAsString(), p + ": kernelspec name");
                assertEquals(Notebook.KERNEL_DISPLAY_NAME, ks.get("display_name").getAsString(), p + ": kernelspec display_name");
                assertEquals("java", md.getAsJsonObject("language_info").get("name").getAsString(), p + ": language_info.name");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> validNbformat4() throws Exception {
        List<Path> notebooks = allNotebooks();
        Map<String, String> verdicts = validate(notebooks);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : notebooks) {
            tests.add(DynamicTest.dynamicTest(root.relativize(p).toString(), () -> {
                assumeTrue(verdicts != null, "skipped: " + PYTHON + " with the nbformat module is not installed"
                        + " (apt-get install --no-install-recommends python3-nbformat)");
                String v = verdicts.get(p.toString());
                assertEquals("OK", v == null ? "no verdict" : v, p + " is not valid nbformat 4");
            }));
        }
        return tests;
    }

    /** path -> "OK" or the schema error; null when Python's nbformat is not available. */
    static Map<String, String> validate(List<Path> notebooks) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) return null;
        Process probe = new ProcessBuilder(PYTHON, "-c", "import nbformat").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) return null;
        if (notebooks.isEmpty()) return Map.of();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", VALIDATE));
        notebooks.forEach(p -> cmd.add(p.toString()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        proc.waitFor(120, TimeUnit.SECONDS);
        Map<String, String> verdicts = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length >= 2) verdicts.put(f[1], f[0].equals("OK") ? "OK" : (f.length > 2 ? f[2] : "invalid"));
        }
        return verdicts;
    }
}
