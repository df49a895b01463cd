package textdive.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.text.Numericalize;
import textdive.testing.CacheInTemp;

/** CSVs and corpora that cannot make a training and a validation set say which part is missing. */
@ExtendWith(CacheInTemp.class)
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

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void filesDirectlyInTrainAreAnErrorThatSaysWhereFilesGo() throws Exception {
        write(tmp.resolve("flat/train/1.txt"), "good movie");
        write(tmp.resolve("flat/train/2.txt"), "bad movie");
        write(tmp.resolve("flat/valid/pos/3.txt"), "fine");
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromFolder(tmp.resolve("flat"), "train", "valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("2 file(s) lie directly in 'train'") && e.getMessage().contains("train/1.txt")
                && e.getMessage().contains("train/<label>/"), e.getMessage());
    }

    @Test
    void aFolderInsideALabelFolderIsAnErrorNotAClass() throws Exception {
        write(tmp.resolve("deep/train/pos/1.txt"), "good movie");
        write(tmp.resolve("deep/train/pos/extra/2.txt"), "great movie");
        write(tmp.resolve("deep/train/neg/3.txt"), "bad movie");
        write(tmp.resolve("deep/valid/pos/4.txt"), "fine");
        write(tmp.resolve("deep/valid/neg/5.txt"), "awful");
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.fromFolder(tmp.resolve("deep"), "train", "valid", 2, 4, null, 0));
        assertTrue(e.getMessage().contains("train/pos/extra/2.txt") && e.getMessage().contains("sub-folder of a label folder"), e.getMessage());
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

    private TextDataLoaders classify(Path root, UnaryOperator<ClasDataBuilder> opts) throws Exception {
        return opts.apply(TextDataLoaders.classifier(root).bs(2)).build();
    }

    private static int items(DataLoader dl) {
        return ((SortedDL) dl).numItems();
    }

    @Test
    void theFilesAUserReallyHasAreEachReadOnce() throws Exception {
        Path root = tmp.resolve("mine");
        write(root.resolve("train/pos/my review 1.txt"), "good movie");
        write(root.resolve("train/pos/SHOUTED.TXT"), "great movie"); // fastai's get_files matches the extension in any case
        write(root.resolve("train/pos/notes.md"), "not a review");
        write(root.resolve("train/pos/.hidden.txt"), "not a review");
        write(root.resolve("train/.ipynb_checkpoints/x.txt"), "not a review");
        write(root.resolve("train/négatif/日本.txt"), "bad movie");
        write(root.resolve("train/négatif/a\\b.txt"), "awful movie"); // a backslash used to make a sub-folder of it
        write(root.resolve("train/neutral/1.txt"), "a movie");
        Files.createDirectories(root.resolve("train/empty"));
        write(root.resolve("valid/pos/2.txt"), "fine");
        write(root.resolve("valid/neutral/3.txt"), "so so");
        TextDataLoaders dls = classify(root, b -> b);
        assertEquals(List.of("neutral", "négatif", "pos"), dls.classes());
        assertEquals(5, items(dls.train()));
        assertEquals(2, items(dls.valid()));
        // a bs far beyond the data is one batch of everything, not an overflow
        dls = classify(root, b -> b.bs(Integer.MAX_VALUE).maxTrain(1000).maxValid(1000));
        assertEquals(1, dls.train().size());
        assertEquals(5, dls.train().iterator().next().size());
    }

    @Test
    void aLinkedTrainFolderIsFollowedAndALinkCycleEnds() throws Exception {
        Path data = tmp.resolve("data");
        write(data.resolve("pos/1.txt"), "good movie");
        write(data.resolve("neg/2.txt"), "bad movie");
        Path root = tmp.resolve("linked");
        write(root.resolve("valid/pos/3.txt"), "fine");
        write(root.resolve("valid/neg/4.txt"), "awful");
        Files.createSymbolicLink(root.resolve("train"), data); // was read as a file: "no items under a 'train' folder"
        Files.createSymbolicLink(data.resolve("pos/again"), root.resolve("train")); // a cycle, skipped
        TextDataLoaders dls = classify(root, b -> b);
        assertEquals(List.of("neg", "pos"), dls.classes());
        assertEquals(2, items(dls.train()));
        assertEquals(2, items(dls.valid()));
    }

    @Test
    void classesSortByCodePointAsPythonDoes() throws Exception {
        // String.compareTo put the emoji (a surrogate pair, 0xD83D...) before the full-width letter U+FF41; Python's sorted does not
        Path root = tmp.resolve("order");
        for (String label : List.of("\uFF41", "\uD83D\uDE00", "b")) {
            write(root.resolve("train/" + label + "/1.txt"), "text one");
            write(root.resolve("valid/" + label + "/2.txt"), "text two");
        }
        assertEquals(List.of("b", "\uFF41", "\uD83D\uDE00"), classify(root, b -> b).classes());
    }

    @Test
    void trainAndValidMustBeTwoFolderNamesAndValidNeedsDocuments() throws Exception {
        Path root = tmp.resolve("names");
        write(root.resolve("train/pos/1.txt"), "good movie");
        write(root.resolve("train/neg/2.txt"), "bad movie");
        Files.createDirectories(root.resolve("valid/pos"));
        var e = assertThrows(IllegalArgumentException.class, () -> classify(root, b -> b));
        assertEquals("no items under a 'valid' folder of " + root + ": the folder holds no <label>/<name>.txt document", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> classify(root, b -> b.valid("train")));
        assertEquals("train and valid folders must differ, both are 'train'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> classify(root, b -> b.train(null)));
        assertEquals("train must be the name of a folder directly in " + root + ", got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> classify(root, b -> b.valid("train/pos")));
        assertEquals("valid must be the name of a folder directly in " + root + ", got 'train/pos'", e.getMessage());
    }

    @Test
    void aLanguageModelReadsAFolderGivenTwiceOnceAndTakesMinFreqZero() throws Exception {
        Path root = tmp.resolve("lm");
        for (int i = 0; i < 5; i++) write(root.resolve("train/" + i + ".txt"), "word number " + i + " here");
        // train twice, or with its own sub-folder, used to list each document twice (10 documents, not 5)
        TextDataLoaders dls = TextDataLoaders.languageModel(root).folders("train", "train").validPct(0.2).bs(1).seqLen(4).build();
        assertEquals(4 * 5, ((LMDataLoader) dls.train()).rowLength() + 1);
        assertEquals(5 - 1, ((LMDataLoader) dls.valid()).rowLength());
        // fastai's min_freq=0 keeps every token, as 1 does
        TextDataLoaders zero = TextDataLoaders.languageModel(root).folders("train").validPct(0.2).bs(1).seqLen(4).maxVocab(9, 0).build();
        TextDataLoaders one = TextDataLoaders.languageModel(root).folders("train").validPct(0.2).bs(1).seqLen(4).maxVocab(9, 1).build();
        assertEquals(one.vocab().vocab(), zero.vocab().vocab());
        assertEquals(16, zero.vocab().size());
        var e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.languageModel(root).maxVocab(8, 1));
        assertEquals("maxVocab >= 9 (the special tokens) and minFreq >= 0, got 8, 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TextDataLoaders.languageModel(root).folders("train", null));
        assertEquals("folders must be folder names, got null in [train, null]", e.getMessage());
    }
}
