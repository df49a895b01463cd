package textdive.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import textdive.text.Tokenizer;
import textdive.text.WordTokenizer;

class LMDataLoaderTest {
    static final String STREAM = "In this chapter, we will go back over the example of classifying movie reviews we studied in "
            + "chapter 1 and dig deeper under the surface. First we will look at the processing steps necessary to convert "
            + "text into numbers and how to customize it. By doing this, we'll have another example of the PreProcessor "
            + "used in the data block API.\nThen we will study how we build a language model and train it for a while.";

    /** fastbook ch. 10, cell 61 (the newline token written as \n there). */
    static final List<String> BOOK_ROWS = List.of(
            "xxbos xxmaj in this chapter , we will go back over the example of classifying",
            "movie reviews we studied in chapter 1 and dig deeper under the surface . xxmaj",
            "first we will look at the processing steps necessary to convert text into numbers and",
            "how to customize it . xxmaj by doing this , we 'll have another example",
            "of the preprocessor used in the data block xxup api . \n xxmaj then we",
            "will study how we build a language model and train it for a while .");

    static List<String> bookTokens() {
        return new Tokenizer(new WordTokenizer()).tokenize(STREAM);
    }

    static List<String> rows(List<List<String>> batch) {
        return batch.stream().map(r -> String.join(" ", r)).toList();
    }

    @Test
    void booksSixByFifteenLayout() {
        List<String> tokens = bookTokens();
        assertEquals(90, tokens.size());
        List<List<List<String>>> one = LMDataLoader.layout(tokens, 6, 15);
        assertEquals(1, one.size());
        assertEquals(BOOK_ROWS, rows(one.get(0)));
    }

    @Test
    void booksThreeBatchesOfSixByFive() {
        List<List<List<String>>> three = LMDataLoader.layout(bookTokens(), 6, 5);
        assertEquals(3, three.size());
        for (int b = 0; b < 3; b++) {
            List<String> expected = new ArrayList<>();
            for (String row : BOOK_ROWS) {
                List<String> words = List.of(row.split(" "));
                expected.add(String.join(" ", words.subList(b * 5, b * 5 + 5)));
            }
            assertEquals(expected, rows(three.get(b)), "batch " + b);
        }
    }

    static List<int[]> counting(int... lengths) {
        List<int[]> docs = new ArrayList<>();
        int v = 0;
        for (int l : lengths) {
            int[] d = new int[l];
            for (int i = 0; i < l; i++) d[i] = v++;
            docs.add(d);
        }
        return docs;
    }


    @Test
    void streamsContinueAcrossBatchesAndYIsShiftedByOne() {
        // 101 tokens 0..100 unshuffled: corpus = round_down(100, 4) = 100, rows of 25, batches of 10, 10, 5
        LMDataLoader dl = new LMDataLoader(counting(40, 61), 4, 10, false, 0);
        assertEquals(25, dl.rowLength());
        assertEquals(3, dl.size());
        List<Batch> batches = new ArrayList<>();
        dl.forEach(batches::add);
        assertEquals(3, batches.size());
        assertEquals(List.of(4L, 10L), List.of(batches.get(0).x().shape().asArray()[0], batches.get(0).x().shape().asArray()[1]));
        assertEquals(5, batches.get(2).x().shape().asArray()[1], "last batch is shorter");
        assertArrayEquals(new int[] {25, 26, 27, 28, 29, 30, 31, 32, 33, 34}, batches.get(0).row(1));
        assertArrayEquals(new int[] {26, 27, 28, 29, 30, 31, 32, 33, 34, 35}, batches.get(0).targetRow(1));
        assertArrayEquals(new int[] {35, 36, 37, 38, 39, 40, 41, 42, 43, 44}, batches.get(1).row(1), "row 1 continues");
        assertArrayEquals(new int[] {96, 97, 98, 99, 100}, batches.get(2).targetRow(3), "the last target is the last token");
    }

    @Test
    void shuffledEachEpochReproducibleBySeed() {
        List<int[]> docs = counting(5, 5, 5, 5, 5, 5, 5, 5);
        LMDataLoader a = new LMDataLoader(docs, 2, 4, true, 7), b = new LMDataLoader(docs, 2, 4, true, 7);
        int[] a1 = a.iterator().next().row(0), a2 = a.iterator().next().row(0);
        int[] b1 = b.iterator().next().row(0);
        assertArrayEquals(a1, b1, "same seed, same first epoch");
        assertNotEquals(Arrays.toString(a1) + Arrays.toString(a.stream(0)),
                Arrays.toString(a2) + Arrays.toString(a.stream(1)), "epochs differ");
        int[] s = a.stream(3).clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) assertEquals(i, s[i], "a shuffle only reorders documents");
    }

    @Test
    void seekEpochServesThatEpochsOrderAsIfTheEarlierOnesHadBeenServed() {
        List<int[]> docs = counting(5, 5, 5, 5, 5, 5, 5, 5);
        LMDataLoader served = new LMDataLoader(docs, 2, 4, true, 7, true), sought = new LMDataLoader(docs, 2, 4, true, 7, true);
        served.iterator();
        served.iterator();
        assertEquals(2, served.epoch());
        sought.seekEpoch(2);
        assertEquals(2, sought.epoch());
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>();
        served.forEach(x -> a.addAll(Arrays.stream(x.row(1)).boxed().toList()));
        sought.forEach(x -> b.addAll(Arrays.stream(x.row(1)).boxed().toList()));
        assertEquals(a, b, "the same shuffle and the same bptt lengths");
        assertEquals(3, sought.epoch());
        sought.seekEpoch(0);
        assertArrayEquals(new LMDataLoader(docs, 2, 4, true, 7, true).iterator().next().row(0), sought.iterator().next().row(0), "back to the first epoch");
        assertEquals("epoch must be >= 0, got -1", assertThrows(IllegalArgumentException.class, () -> sought.seekEpoch(-1)).getMessage());
    }

    @Test
    void randomBpttVariesLengthsButCoversTheRows() {
        LMDataLoader dl = new LMDataLoader(counting(5000), 4, 20, false, 1, true);
        List<Integer> lens = new ArrayList<>();
        int covered = 0, prevEnd = -1;
        for (Batch b : dl) {
            int sl = (int) b.x().shape().asArray()[1];
            lens.add(sl);
            assertTrue(sl >= 5);
            int first = b.row(0)[0];
            if (prevEnd >= 0) assertEquals(prevEnd, first, "contiguous");
            prevEnd = first + sl;
            covered += sl;
        }
        assertEquals(dl.rowLength(), covered);
        assertTrue(lens.stream().distinct().count() > 3, lens.toString());
    }

    @Test
    void tooSmallCorpus() {
        assertThrows(IllegalArgumentException.class, () -> new LMDataLoader(counting(3), 4, 2, false, 0));
    }

    @Test
    void badSizesAndDocumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LMDataLoader(List.of(new int[] {1, 2, 3}), 0, 2, false, 0));
        assertTrue(e.getMessage().contains("bs and seqLen"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LMDataLoader(List.of(new int[] {1, 2, 3}), 2, -1, false, 0));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LMDataLoader(List.of(new int[] {1, 2, 3}), 4, 2, false, 0));
        assertTrue(e.getMessage().contains("3 tokens") && e.getMessage().contains("bs = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LMDataLoader(Arrays.asList(new int[] {1, 2, 3}, null), 1, 2, false, 0));
        assertTrue(e.getMessage().contains("document 1 of 2 is null"), e.getMessage());
    }
}
