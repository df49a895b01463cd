package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotebookProgressTest {

    @AfterEach
    void resetSink() {
        Display.setSink(null);
    }

    @Test
    void inJupyterItIsAProgressBarUpdatedInPlace() {
        List<String> shown = new ArrayList<>();
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) ->
                shown.add((update ? "update " : "show ") + id + " " + bundle.get("text/plain")));
        NotebookProgress p = new NotebookProgress();
        p.start("Extracting imdb.tgz", 100, "bytes");
        p.update(40);
        p.finish();
        assertFalse(shown.isEmpty());
        assertTrue(shown.get(0).startsWith("show ") && shown.get(0).contains("Extracting imdb.tgz: 40% 40/100"), shown.toString());
        String last = shown.get(shown.size() - 1);
        assertTrue(last.startsWith("update ") && last.contains("Extracting imdb.tgz: 100% 100/100"), shown.toString());
    }

    @Test
    void elsewhereItIsTextOnStderr() {
        List<String> shown = new ArrayList<>();
        Display.setSink((id, bundle, update) -> shown.add(id)); // a sink that cannot update in place
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            NotebookProgress p = new NotebookProgress();
            p.start("Extracting human_numbers.tgz", 30252, "bytes");
            p.update(30252);
            p.finish();
        } finally {
            System.setErr(old);
        }
        assertEquals(List.of(), shown, "no display output outside Jupyter");
        assertEquals("", buf.toString(StandardCharsets.UTF_8), "quick work prints nothing (TextProgress)");
    }
}
