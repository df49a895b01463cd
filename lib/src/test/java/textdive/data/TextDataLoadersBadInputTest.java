package textdive.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.text.Numericalize;

/** CSVs and corpora that cannot make a training and a validation set say which part is missing. */
class TextDataLoadersBadInputTest {
    @TempDir
    Path tmp;

    @Test
    void aCsvWithoutDataRowsIsNamed() throws Exception {
        Path csv = tmp.resolve("empty.csv");
        Files.writeString(csv, "label,text,is_valid\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("empty.csv") && e.getMessage().contains("no data rows"), e.getMessage());
    }

    @Test
    void aCsvWithNoValidationRowsNamesTheValidColumn() throws Exception {
        Path csv = tmp.resolve("all_train.csv");
        Files.writeString(csv, "label,text,is_valid\npos,good movie,False\nneg,bad movie,False\npos,great film,False\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("'is_valid'") && e.getMessage().contains("0 of 3"), e.getMessage());
        Files.writeString(csv, "label,text,is_valid\npos,good movie,True\nneg,bad movie,yes\n");
        e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("2 of 2"), e.getMessage());
    }

    @Test
    void aLanguageModelSetTooSmallForTheBatchSizeSaysWhichSet() {
        Numericalize vocab = Numericalize.fromVocab(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"));
        int[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        int[] two = {1, 2};
        // 3 short documents, one held out: the 2 training documents hold 4 tokens, fewer than bs + 1
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.languageModel(List.of(two, two, two), vocab, 0.34, 4, 2, 0));
        assertTrue(e.getMessage().startsWith("the training set (2 documents") && e.getMessage().contains("bs = 4"), e.getMessage());
        // 4 documents of 10 tokens, one held out: 30 training tokens fill 10 rows, the 10 validation tokens do not
        e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.languageModel(List.of(ten, ten, ten, ten), vocab, 0.25, 10, 2, 0));
        assertTrue(e.getMessage().startsWith("the validation set (1 documents") && e.getMessage().contains("10 tokens"), e.getMessage());
    }
}
