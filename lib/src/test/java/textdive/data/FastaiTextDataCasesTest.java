package textdive.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.text.Numericalize;
import textdive.text.SpecialTokens;
import textdive.text.TokenCounter;
import textdive.text.Tokenizer;
import textdive.text.WordTokenizer;
import textdive.testing.CacheInTemp;

/**
 * fastai's own tests of its text data pipeline, ported: the {@code test_eq} cells (and the printed examples) of
 * fastai/fastai {@code nbs/31_text.data.ipynb}, read at commit 015931b8ee05df76bafbb7ce43326677e5e340e6 (the 2021
 * version ce3cb4e09dacb56fda4d03e00bf2aabdcd0ba6d5 has the same cells). fastai's {@code make_vocab} /
 * {@code Numericalize} are our {@link Numericalize}, {@code reverse_text} {@link LmDataBuilder#reversed},
 * {@code pad_input} {@link PadInput}, {@code pad_chunk} / {@code pad_input_chunk} / {@code Pad_Chunk} {@link PadChunk}.
 */
@ExtendWith(CacheInTemp.class)
class FastaiTextDataCasesTest {
    static final List<String> SPEC = SpecialTokens.ALL;
    @TempDir Path tmp;

    @Test
    void reverseText() {
        assertArrayEquals(new int[] {2, 1, 0}, LmDataBuilder.reversed(new int[] {0, 1, 2}));
    }

    // ---- make_vocab and Numericalize ----

    private static TokenCounter counter(String... toks) {
        TokenCounter c = new TokenCounter();
        for (String t : toks) c.add(t);
        return c;
    }

    private static Set<String> withoutFake(Numericalize num) {
        return num.vocab().stream().filter(t -> !t.startsWith(SpecialTokens.FAKE)).collect(Collectors.toSet());
    }

    private static Set<String> specialsAnd(String words) {
        Set<String> s = new HashSet<>(SPEC);
        if (!words.isEmpty()) s.addAll(List.of(words.split(" ")));
        return s;
    }

    @Test
    void makeVocab() {
        TokenCounter count = counter("a", "a", "a", "a", "b", "b", "c", "c", "d");
        assertEquals(specialsAnd("a"), withoutFake(Numericalize.fromCounter(count)));
        assertEquals(0, Numericalize.fromCounter(count).size() % 8);
        assertEquals(specialsAnd("a b c d"), withoutFake(Numericalize.fromCounter(count, 1, Numericalize.DEFAULT_MAX_VOCAB)));
        assertEquals(specialsAnd("a b c"), withoutFake(Numericalize.fromCounter(count, 1, 12)), "max_vocab counts the special tokens");
    }

    private static Numericalize setup(int minFreq, List<List<String>> docs) {
        TokenCounter c = new TokenCounter();
        for (List<String> d : docs) c.addAll(d);
        return Numericalize.fromCounter(c, minFreq, Numericalize.DEFAULT_MAX_VOCAB);
    }

    private static final List<String> START = List.of("This is an example of text".split(" "));
    private static final List<List<String>> TWO_TEXTS = List.of(START, List.of("this is another text".split(" ")));

    @Test
    void numericalizeMinFreq1() {
        Numericalize num = setup(1, TWO_TEXTS);
        assertEquals(specialsAnd("This is an example of text this another"), withoutFake(num));
        assertEquals(0, num.size() % 8);
        int[] t = num.encode(START);
        assertArrayEquals(new int[] {11, 9, 12, 13, 14, 10}, t);
        assertEquals(START, num.decode(t));
    }

    @Test
    void numericalizeMinFreq2() {
        Numericalize num = setup(2, TWO_TEXTS);
        assertEquals(specialsAnd("is text"), withoutFake(num));
        assertEquals(0, num.size() % 8);
        int[] t = num.encode(START);
        assertArrayEquals(new int[] {0, 9, 0, 0, 0, 10}, t);
        assertEquals(List.of("xxunk", "is", "xxunk", "xxunk", "xxunk", "text"), num.decode(t));
    }

    /** fastai's {@code TfmdLists(df, [attrgetter('text'), Tokenizer.from_df('texts'), Numericalize(min_freq=2)])}. */
    @Test
    void tokenizeThenNumericalize() {
        Tokenizer tkz = new Tokenizer(new WordTokenizer());
        List<List<String>> toks = tkz.tokenizeAll(List.of("This is an example of text", "this is another text"));
        Numericalize num = setup(2, toks);
        assertArrayEquals(new int[] {2, 8, 9, 10, 0, 0, 0, 11}, num.encode(toks.get(0)));
        assertArrayEquals(new int[] {2, 9, 10, 0, 11}, num.encode(toks.get(1)));
    }

    // ---- LMDataLoader ----

    private static List<int[]> ints(int[]... docs) {
        return List.of(docs);
    }

    private static List<int[][][]> batches(DataLoader dl) {
        List<int[][][]> out = new ArrayList<>();
        for (Batch b : dl) {
            int[][] x = new int[b.size()][], y = new int[b.size()][];
            for (int r = 0; r < b.size(); r++) {
                x[r] = b.row(r);
                y[r] = b.targetRow(r);
            }
            out.add(new int[][][] {x, y});
        }
        return out;
    }

    private static void assertBatches(int[][][][] expected, DataLoader dl) {
        List<int[][][]> got = batches(dl);
        assertEquals(expected.length, got.size(), "number of batches");
        for (int b = 0; b < expected.length; b++) {
            for (int r = 0; r < expected[b][0].length; r++) {
                assertArrayEquals(expected[b][0][r], got.get(b)[0][r], "x of batch " + b + ", row " + r);
                assertArrayEquals(expected[b][1][r], got.get(b)[1][r], "y of batch " + b + ", row " + r);
            }
        }
    }

    @Test
    void lmDataLoaderShorterLastBatch() {
        List<int[]> docs = ints(new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9, 10}, new int[] {11, 12, 13, 14, 15, 16, 17, 18},
                new int[] {19, 20}, new int[] {21, 22});
        assertBatches(new int[][][][] {
                {{{0, 1, 2}, {5, 6, 7}, {10, 11, 12}, {15, 16, 17}}, {{1, 2, 3}, {6, 7, 8}, {11, 12, 13}, {16, 17, 18}}},
                {{{3, 4}, {8, 9}, {13, 14}, {18, 19}}, {{4, 5}, {9, 10}, {14, 15}, {19, 20}}}},
                new LMDataLoader(docs, 4, 3, false, 0));
    }

    private static final List<int[]> SIX_DOCS = ints(new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9, 10},
            new int[] {11, 12, 13, 14, 15, 16, 17, 18}, new int[] {19, 20}, new int[] {21, 22, 23}, new int[] {24});

    @Test
    void lmDataLoaderFullBatches() {
        assertBatches(new int[][][][] {
                {{{0, 1, 2}, {6, 7, 8}, {12, 13, 14}, {18, 19, 20}}, {{1, 2, 3}, {7, 8, 9}, {13, 14, 15}, {19, 20, 21}}},
                {{{3, 4, 5}, {9, 10, 11}, {15, 16, 17}, {21, 22, 23}}, {{4, 5, 6}, {10, 11, 12}, {16, 17, 18}, {22, 23, 24}}}},
                new LMDataLoader(SIX_DOCS, 4, 3, false, 0));
    }

    @Test
    void shuffledLmBatchesShiftByOneAndContinueTheRows() {
        List<int[][][]> got = batches(new LMDataLoader(SIX_DOCS, 4, 3, true, 0));
        assertEquals(2, got.size());
        for (int[][][] b : got) {
            for (int r = 0; r < 4; r++) assertArrayEquals(Arrays.copyOfRange(b[0][r], 1, 3), Arrays.copyOfRange(b[1][r], 0, 2), "x[:,1:] == y[:,:-1]");
        }
        for (int r = 0; r < 4; r++) assertEquals(got.get(0)[1][r][2], got.get(1)[0][r][0], "the second batch begins where the first ended");
    }

    // ---- pad_input ----

    private static void assertRows(int[][] expected, List<int[]> got) {
        assertEquals(expected.length, got.size());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got.get(i), "row " + i);
    }

    private static final List<int[]> THREE = ints(new int[] {1, 2, 3}, new int[] {4, 5}, new int[] {6});

    @Test
    void padInput() {
        assertRows(new int[][] {{1, 2, 3}, {4, 5, 0}, {6, 0, 0}}, PadInput.pad(THREE, 0, false, false));
        assertRows(new int[][] {{1, 2, 3}, {0, 4, 5}, {0, 0, 6}}, PadInput.pad(THREE, 0, true, false));
        assertRows(new int[][] {{3, 2, 1}, {5, 4, 0}, {6, 0, 0}}, PadInput.pad(THREE, 0, false, true));
        List<int[]> x = PadInput.pad(THREE, 0, false, false);
        assertArrayEquals(new int[] {4, 5}, PadInput.decode(x.get(1), 0));
    }

    // ---- pad_chunk, pad_input_chunk, Pad_Chunk ----

    @Test
    void padChunkPrintedExamples() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 0, 0}, PadChunk.padChunk(new int[] {1, 2, 3}, 0, true, 3, 8));
        assertArrayEquals(new int[] {1, 2, 3, 0, 0, 0, 0, 0}, PadChunk.padChunk(new int[] {1, 2, 3}, 0, false, 3, 8));
        var e = assertThrows(IllegalArgumentException.class, () -> PadChunk.padChunk(new int[] {1, 2, 3}, 0, true, 3, 2));
        assertEquals("cannot pad a sequence of 3 ids to the shorter length 2", e.getMessage());
    }

    private static List<int[]> rows(int[] flat, int n) {
        int w = flat.length / n;
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Arrays.copyOfRange(flat, i * w, (i + 1) * w));
        return out;
    }

    private static final List<int[]> CHUNKED = ints(new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2, 3}, new int[] {1, 2});

    /** fastai's {@code pad_input_chunk} and {@code Pad_Chunk} cells (the same inputs and outputs). */
    @Test
    void padInputChunk() {
        assertRows(new int[][] {{1, 2, 3, 4, 5, 6}, {0, 0, 1, 2, 3, 0}, {0, 0, 0, 0, 1, 2}}, rows(PadChunk.pad(CHUNKED, 2, 0, true), 3));
        assertRows(new int[][] {{1, 2, 3, 4, 5, 6}, {1, 2, 3, 0, 0, 0}, {1, 2, 0, 0, 0, 0}}, rows(PadChunk.pad(CHUNKED, 2, 0, false), 3));
        // n_inp=2: both inputs of a sample padded to the longest input of the batch
        List<int[]> twoInputs = ints(new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2});
        assertRows(new int[][] {{1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 1, 2}}, rows(PadChunk.pad(twoInputs, 2, 0, true), 2));
        List<int[]> printed = rows(PadChunk.pad(twoInputs, 3, 0, true), 2);
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 0}, printed.get(1));
        assertArrayEquals(new int[] {1, 2}, PadChunk.unpad(printed.get(1), 0), "Pad_Chunk decodes by dropping the padding");
    }

    // ---- SortedDL ----

    @Test
    void sortedDLLongestFirstPaddedAfter() {
        List<int[]> ds = ints(new int[] {1, 2}, new int[] {3, 4, 5, 6}, new int[] {7}, new int[] {8, 9, 10});
        SortedDL dl = new SortedDL(ds, new int[] {1, 2, 3, 4}, 2, LMDataLoader.DEFAULT_SEQ_LEN, 0, false, 0);
        List<int[][][]> got = batches(dl);
        assertEquals(2, got.size());
        assertRows(new int[][] {{3, 4, 5, 6}, {8, 9, 10, 0}}, List.of(got.get(0)[0]));
        assertRows(new int[][] {{2}, {4}}, List.of(got.get(0)[1]));
        assertRows(new int[][] {{1, 2}, {7, 0}}, List.of(got.get(1)[0]));
        assertRows(new int[][] {{1}, {3}}, List.of(got.get(1)[1]));
    }

    /**
     * fastai's shuffled {@code SortedDL} on 101 texts of 1 to 10 tokens: the first batch holds the longest text, and no
     * row is all padding. fastai's cell keeps the last partial batch (a bare {@code SortedDL} has {@code drop_last=False});
     * ours, as fastai's training {@code DataLoaders} ({@code drop_last=shuffle}), drops it.
     */
    @Test
    void shuffledSortedDLStartsWithTheLongestText() {
        Random rng = new Random(0);
        List<int[]> ds = new ArrayList<>();
        for (int i = 0; i < 101; i++) ds.add(IntStream.range(0, 1 + rng.nextInt(10)).toArray());
        int[] y = IntStream.range(0, 101).toArray();
        int maxLen = ds.stream().mapToInt(d -> d.length).max().orElseThrow();
        List<Batch> batches = new ArrayList<>();
        new SortedDL(ds, y, 2, LMDataLoader.DEFAULT_SEQ_LEN, -1, true, 0).forEach(batches::add);
        assertEquals(50, batches.size());
        assertEquals(maxLen, batches.get(0).length(), "the first batch holds the longest text");
        for (Batch b : batches) {
            assertTrue(b.size() <= 2 && b.length() <= maxLen);
            for (int r = 0; r < b.size(); r++) assertFalse(Arrays.stream(b.row(r)).allMatch(id -> id == -1), "a row of padding only");
        }
    }

    // ---- TextDataLoaders on IMDB_SAMPLE ----

    private static TextDataLoaders imdbSample() throws IOException {
        return TextDataLoaders.fromCsv(Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_sample/texts.csv"), "text", "label", "is_valid", 64, 72, null, 0);
    }

    /** fastai: {@code dls.test_dl(["This movie was bad"]).one_batch()} is {@code [[2, 8, 21, 29, 25, 97]]}: the same vocab ids. */
    @Test
    void imdbSampleTestTextIds() throws IOException {
        TextDataLoaders dls = imdbSample();
        assertArrayEquals(new int[] {2, 8, 21, 29, 25, 97}, dls.vocab().encode(dls.tokenizer().tokenize("This movie was bad")));
    }

    /** Row {@code r} of the first training batch, decoded without padding, first 150 tokens (fastai's {@code show_batch}). */
    private static String shown(TextDataLoaders dls, int r) {
        Batch b = dls.train().iterator().next();
        List<String> toks = dls.vocab().decode(PadChunk.unpad(b.row(r), PadChunk.PAD_IDX));
        return String.join(" ", toks.subList(0, Math.min(150, toks.size())));
    }

    /**
     * fastai's {@code dls.show_batch(max_n=3)} on IMDB_SAMPLE: the first training batch starts with the longest texts,
     * longest first; tokens, rules and the vocab's {@code xxunk}s all agree.
     */
    @Test
    void imdbSampleShowBatchLongestReviews() throws IOException {
        TextDataLoaders dls = imdbSample();
        assertEquals("xxbos xxmaj raising xxmaj victor xxmaj vargas : a xxmaj review \n\n xxmaj you know , xxmaj raising xxmaj victor xxmaj vargas is"
                + " like sticking your hands into a big , xxunk bowl of xxunk . xxmaj it 's warm and gooey , but you 're not sure if it feels"
                + " right . xxmaj try as i might , no matter how warm and gooey xxmaj raising xxmaj victor xxmaj vargas became i was always aware"
                + " that something did n't quite feel right . xxmaj victor xxmaj vargas suffers from a certain xxunk on the director 's part ."
                + " xxmaj apparently , the director thought that the ethnic backdrop of a xxmaj latino family on the lower east side , and an"
                + " xxunk storyline would make the film critic proof . xxmaj he was right , but it did n't fool me . xxmaj raising xxmaj victor"
                + " xxmaj vargas is", shown(dls, 0));
        assertEquals("xxbos xxup the xxup shop xxup around xxup the xxup corner is one of the xxunk and most feel - good romantic comedies ever"
                + " made . xxmaj there 's just no getting around that , and it 's hard to actually put one 's feeling for this film into words ."
                + " xxmaj it 's not one of those films that tries too hard , nor does it come up with the xxunk possible scenarios to get the two"
                + " protagonists together in the end . xxmaj in fact , all its charm is xxunk , contained within the characters and the setting"
                + " and the plot \u2026 which is highly believable to xxunk . xxmaj it 's easy to think that such a love story , as beautiful as"
                + " any other ever told , * could * happen to you \u2026 a feeling you do n't often get from other romantic comedies", shown(dls, 1));
    }

    /**
     * The third row of the same {@code show_batch}: the review says "after 20-odd years", and fastai keeps {@code 20-odd}
     * whole (a rare word, so {@code xxunk}), as spaCy 2 does: its hyphen infix needs a letter before the hyphen
     * (spaCy 3 also cuts after a digit, explosion/spaCy#5770).
     */
    @Test
    void imdbSampleShowBatchThirdReview() throws IOException {
        assertEquals("xxbos xxmaj now that xxmaj che(2008 ) has finished its relatively short xxmaj australian cinema run ( extremely limited"
                + " xxunk screen in xxmaj xxunk , after xxunk ) , i can xxunk join both xxunk of \" at xxmaj the xxmaj movies \" in taking"
                + " xxmaj steven xxmaj soderbergh to task . \n\n xxmaj it 's usually satisfying to watch a film director change his style /"
                + " subject , but xxmaj soderbergh 's most recent stinker , xxmaj the xxmaj girlfriend xxmaj xxunk ) , was also missing a"
                + " story , so narrative ( and editing ? ) seem to suddenly be xxmaj soderbergh 's main challenge . xxmaj strange , after"
                + " xxunk years in the business . xxmaj he was probably never much good at narrative , just xxunk it well inside \" edgy \""
                + " projects . \n\n xxmaj none of this excuses him this present , almost diabolical", shown(imdbSample(), 2));
    }
}
