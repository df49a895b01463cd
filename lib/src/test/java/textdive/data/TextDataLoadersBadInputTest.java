package textdive.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void theClassifierBuilderNamesABadBatchSize() {
        var b = TextDataLoaders.classifier(tmp);
        var e = assertThrows(IllegalArgumentException.class, () -> b.bs(1));
        assertTrue(e.getMessage().contains("at least 2 texts") && e.getMessage().contains("got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.valBs(0));
        assertTrue(e.getMessage().startsWith("valBs must be >= 1, got 0"), e.getMessage());
    }

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
    void labelsAreReadAsWrittenSo01And1AreTwoClasses() throws Exception {
        Path csv = tmp.resolve("codes.csv");
        Files.writeString(csv, "label,text,is_valid\n01,good movie,False\n1,bad movie,False\n0001,great film,True\n0002,awful film,True\n");
        TextDataLoaders dls = TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 2, 4, null, 0);
        assertEquals(List.of("0001", "0002", "01", "1"), dls.classes());
    }

    @Test
    void anEmptyLabelCellIsAnErrorNamingTheRow() throws Exception {
        Path csv = tmp.resolve("gaps.csv");
        Files.writeString(csv, "label,text,is_valid\npos,good movie,False\nneg,\"two\nlines\",False\n,no label here,True\npos,fine,True\n");
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromCsv(csv, "text", "label", "is_valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("data row 3 (line 5)") && e.getMessage().contains("gaps.csv")
                && e.getMessage().contains("empty 'label' cell"), e.getMessage());
    }

    private static void write(Path p, String text) throws java.io.IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void filesDirectlyInTrainAreAnErrorThatSaysWhereFilesGo() throws Exception {
        System.setProperty("textdive.cache", tmp.resolve("cache").toString());
        try {
            write(tmp.resolve("flat/train/1.txt"), "good movie");
            write(tmp.resolve("flat/train/2.txt"), "bad movie");
            write(tmp.resolve("flat/valid/pos/3.txt"), "fine");
            var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromFolder(tmp.resolve("flat"), "train", "valid", 2, 4, null, 0));
            assertTrue(e.getMessage().contains("2 file(s) lie directly in 'train'") && e.getMessage().contains("train/1.txt")
                    && e.getMessage().contains("train/<label>/"), e.getMessage());
        } finally {
            System.clearProperty("textdive.cache");
        }
    }

    @Test
    void aFolderInsideALabelFolderIsAnErrorNotAClass() throws Exception {
        System.setProperty("textdive.cache", tmp.resolve("cache").toString());
        try {
            write(tmp.resolve("deep/train/pos/1.txt"), "good movie");
            write(tmp.resolve("deep/train/pos/extra/2.txt"), "great movie");
            write(tmp.resolve("deep/train/neg/3.txt"), "bad movie");
            write(tmp.resolve("deep/valid/pos/4.txt"), "fine");
            write(tmp.resolve("deep/valid/neg/5.txt"), "awful");
            var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromFolder(tmp.resolve("deep"), "train", "valid", 2, 4, null, 0));
            assertTrue(e.getMessage().contains("train/pos/extra/2.txt") && e.getMessage().contains("sub-folder of a label folder"), e.getMessage());
        } finally {
            System.clearProperty("textdive.cache");
        }
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
