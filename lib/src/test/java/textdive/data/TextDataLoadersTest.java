package textdive.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import textdive.text.Tokenizer;
import textdive.text.WordTokenizer;
import textdive.testing.CacheInTemp;

@ExtendWith(CacheInTemp.class)
class TextDataLoadersTest {
    @TempDir Path tmp;
    static final Path MIRROR = Path.of(System.getenv("TEXTDIVE_MIRROR"));

    @Test
    void imdbSubsetClassifierFromFolder() throws IOException {
        TextDataLoaders dls = TextDataLoaders.fromFolder(MIRROR.resolve("imdb_subset"), "train", "test", 32, 72, null, 42);
        assertEquals(List.of("neg", "pos"), dls.classes());
        assertEquals(1000 / 32, dls.train().size(), "fastai's training loader drops the last partial batch");
        assertEquals((1001 + 31) / 32, dls.valid().size());
        assertEquals(0, dls.vocab().size() % 8);
        Batch b = dls.valid().iterator().next();
        assertEquals(32, b.size());
        Table t = dls.showBatch(b, 3);
        assertEquals(List.of("text", "category"), t.columnNames());
        assertTrue(t.stringColumn("text").get(0).startsWith("xxbos"), "the longest review has no padding");
        for (int r = 1; r < 3; r++) {
            String text = t.stringColumn("text").get(r);
            long real = Arrays.stream(b.row(r)).filter(id -> id != 1).count();
            assertTrue(text.startsWith("xxbos") && !text.contains("xxpad"), "padding is dropped, as fastai's decoding does: " + text);
            assertEquals(real, text.split(" ").length, "one word per real token in row " + r);
        }
    }

    @Test
    void imdbSampleClassifierFromCsv() throws IOException {
        TextDataLoaders dls = TextDataLoaders.fromCsv(MIRROR.resolve("imdb_sample/texts.csv"), "text", "label", "is_valid", 16, 72, null, 0);
        assertEquals(List.of("negative", "positive"), dls.classes());
        assertEquals(800 / 16, dls.train().size());
        assertEquals((200 + 15) / 16, dls.valid().size());
    }

    @Test
    void aTokenizerOfYourOwnIsUsed() throws IOException {
        Path csv = MIRROR.resolve("imdb_sample/texts.csv");
        TextDataLoaders withRules = TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 16, 72, null, 0);
        TextDataLoaders noRules = TextDataLoaders.fromCsv(new Tokenizer(new WordTokenizer(), List.of()),
                csv, "text", "label", "is_valid", 16, 72, null, 0);
        assertTrue(noRules.vocab().vocab().contains("The"), "without replaceMaj and lowercase, capitals stay");
        assertTrue(!withRules.vocab().vocab().contains("The"), "the default rules lowercase");
    }

    @Test
    void languageModelFromFolder() throws IOException {
        TextDataLoaders dls = TextDataLoaders.languageModelFromFolder(MIRROR.resolve("imdb_subset"), 0.1, 16, 72, 1, "unsup");
        assertTrue(dls.isLanguageModel());
        Batch b = dls.train().iterator().next();
        assertEquals(List.of(16L, 72L), List.of(b.x().shape().asArray()[0], b.x().shape().asArray()[1]));
        Table t = dls.showBatch(b, 2);
        String x = t.stringColumn("text").get(0), y = t.stringColumn("text_").get(0);
        assertEquals(x.substring(x.indexOf(' ') + 1), y.substring(0, y.lastIndexOf(' ')), "y is x shifted by one token");
    }
}
