package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.CacheInTemp;
import textdive.viz.Display;
import textdive.viz.ProgressBar;

/** Tokenizing a folder shows a progress bar in Jupyter, not lines on stderr. */
@ExtendWith(CacheInTemp.class)
class TokenizeFolderProgressTest {
    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        Display.setSink(null);
        TokenizeFolder.progressAfterMillis = 2000;
    }

    private Path corpus(int files) throws IOException {
        Path root = tmp.resolve("reviews");
        for (int i = 0; i < files; i++) {
            Path p = root.resolve("train").resolve(String.format("%04d.txt", i));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "Review number " + i + " is GREAT!!! and so on.");
        }
        return root;
    }

    @Test
    void inJupyterItIsOneBarUpdatedInPlaceAndNothingOnStderr() throws IOException {
        TokenizeFolder.progressAfterMillis = 0;
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> shown = new ArrayList<>();
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) -> {
            ids.add(id);
            shown.add(bundle);
        });
        PrintStream err = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            TokenizedCorpus c = TokenizeFolder.tokenizeFolder(new Tokenizer(new WordTokenizer()), corpus(300), "train");
            assertEquals(300, c.size());
        } finally {
            System.setErr(err);
        }
        assertTrue(!shown.isEmpty() && ids.stream().distinct().count() == 1, "one bar: " + ids);
        Map<String, String> last = shown.get(shown.size() - 1);
        assertTrue(last.get("text/html").contains("<progress value='300' max='300'"), last.toString());
        assertTrue(last.get("text/plain").startsWith("tokenizing reviews: 100% 300/300"), last.toString());
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8), "no progress lines on stderr");
    }

    @Test
    void workDoneBeforeTheDelayShowsNothing() throws IOException {
        List<Map<String, String>> shown = new ArrayList<>();
        Display.setSink((ProgressBar.InPlace) (id, bundle, update) -> shown.add(bundle));
        TokenizeFolder.tokenizeFolder(new Tokenizer(new WordTokenizer()), corpus(20), "train");
        assertEquals(List.of(), shown, "20 short files take far less than 2 s");
    }
}
