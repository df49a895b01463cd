package textdive.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ClassifierBatchingTest {
    @Test
    void padChunkPutsWholeChunksFirstAndTheRestLast() {
        int[] out = PadChunk.pad(List.of(new int[] {5, 6, 7, 8, 9, 10, 11}, new int[] {5, 6}), 2, 1, true);
        // second text: 5 pads = 2 whole chunks of 2 before, 1 after (fastai's pad_input_chunk)
        assertArrayEquals(new int[] {5, 6, 7, 8, 9, 10, 11, /**/ 1, 1, 1, 1, 5, 6, 1}, out);
        int[] last = PadChunk.pad(List.of(new int[] {5, 6, 7}, new int[] {9}), 2, 1, false);
        assertArrayEquals(new int[] {5, 6, 7, 9, 1, 1}, last);
    }

    static int[] lengths(int n, long seed) {
        Random r = new Random(seed);
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = 10 + r.nextInt(500);
        return l;
    }

    @Test
    void sortishSamplerIsAPermutationWithLongestFirstAndSortedChunks() {
        int bs = 4, n = 1003;
        int[] len = lengths(n, 3);
        int[] order = new SortishSampler(len, bs).order(new Random(1));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) assertEquals(i, sorted[i]);
        int max = Arrays.stream(len).max().getAsInt();
        assertEquals(max, len[order[0]], "the longest text is in the first batch, first");
        for (int b = 0; b < n; b += bs) // within a batch lengths decrease
            for (int k = b + 1; k < Math.min(n, b + bs); k++) assertTrue(len[order[k - 1]] >= len[order[k]]);
        int[] other = new SortishSampler(len, bs).order(new Random(2));
        assertTrue(!Arrays.equals(order, other), "a new order per seed");
        assertArrayEquals(order, new SortishSampler(len, bs).order(new Random(1)));
    }

    @Test
    void sortedDLPadsLessThanRandomBatching() {
        int n = 400, bs = 16, seqLen = 8;
        int[] len = lengths(n, 5);
        List<int[]> docs = new ArrayList<>();
        for (int l : len) docs.add(new int[l]);
        int[] y = new int[n];
        SortedDL valid = new SortedDL(docs, y, bs, seqLen, false, 0);
        int[] ord = valid.order(0);
        for (int i = 1; i < n; i++) assertTrue(len[ord[i - 1]] >= len[ord[i]]);
        long padSorted = 0;
        for (Batch b : valid) padSorted += b.x().size();
        long padRandom = 0;
        for (int s = 0; s < n; s += bs) {
            int m = 0;
            for (int k = s; k < Math.min(n, s + bs); k++) m = Math.max(m, len[k]);
            padRandom += (long) m * Math.min(bs, n - s);
        }
        SortedDL train = new SortedDL(docs, y, bs, seqLen, true, 0);
        long padSortish = 0;
        for (Batch b : train) padSortish += b.x().size();
        long real = Arrays.stream(len).sum();
        assertTrue(padSorted - real < (padRandom - real) / 10, padSorted + " vs " + padRandom);
        assertTrue(padSortish - real < (padRandom - real) / 5, padSortish + " vs " + padRandom);
        assertEquals(25, valid.size());
    }

    /** A sought epoch serves the sortish order that epoch would have had after the earlier ones were served. */
    @Test
    void seekEpochServesThatEpochsSortishOrder() {
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) docs.add(new int[] {i + 4, i % 7 + 4, 5});
        int[] y = new int[40];
        SortedDL served = new SortedDL(docs, y, 4, 2, true, 3), sought = new SortedDL(docs, y, 4, 2, true, 3);
        served.iterator();
        served.iterator();
        sought.seekEpoch(2);
        assertEquals(2, served.epoch());
        assertEquals(2, sought.epoch());
        assertEquals(firstColumn(served), firstColumn(sought));
        assertEquals(3, sought.epoch());
        assertNotEquals(firstColumn(new SortedDL(docs, y, 4, 2, true, 3)), firstColumn(sought), "another epoch, another order");
        assertEquals("epoch must be >= 0, got -1", assertThrows(IllegalArgumentException.class, () -> sought.seekEpoch(-1)).getMessage());
    }

    /** Each batch's first token of every row, in serving order: which documents an epoch served, and in what order. */
    private static List<Integer> firstColumn(SortedDL dl) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : dl)
            for (int r = 0; r < b.size(); r++) out.add(b.x().getInt(r, 0));
        return out;
    }

    /** fastai's training loader drops the last, shorter batch (drop_last = shuffle); validation keeps every text. */
    @Test
    void theTrainingLoaderDropsItsLastPartialBatch() {
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) docs.add(new int[i + 1]);
        int[] y = new int[10];
        SortedDL train = new SortedDL(docs, y, 4, 2, true, 0), valid = new SortedDL(docs, y, 4, 2, false, 0);
        assertEquals(2, train.size());
        int rows = 0;
        for (Batch b : train) {
            assertEquals(4, b.size());
            rows += b.size();
        }
        assertEquals(8, rows);
        assertEquals(3, valid.size());
        int validRows = 0;
        for (Batch b : valid) validRows += b.size();
        assertEquals(10, validRows);
        // a set smaller than one batch still gives one
        assertEquals(1, new SortedDL(docs.subList(0, 3), new int[3], 4, 2, true, 0).size());
    }

    @Test
    void sortedDLBatchesCarryLabelsAndPadIdx() {
        List<int[]> docs = List.of(new int[] {7, 7}, new int[] {8, 8, 8, 8, 8}, new int[] {9});
        SortedDL dl = new SortedDL(docs, new int[] {0, 1, 0}, 2, 2, false, 0);
        Batch b = dl.iterator().next();
        assertArrayEquals(new int[] {8, 8, 8, 8, 8}, b.row(0));
        assertArrayEquals(new int[] {1, 1, 7, 7, 1}, b.row(1));
        assertEquals(1, b.y().getInt(0));
        assertEquals(0, b.y().getInt(1));
        assertThrows(IllegalArgumentException.class, () -> new SortedDL(docs, new int[] {0}, 2, 2, false, 0));
    }

    @Test
    void grandparentSplitterAndParentLabel() {
        List<String> files = List.of("test/neg/1.txt", "train/pos/2.txt", "unsup/3.txt", "train/neg/4.txt");
        GrandparentSplitter.Split s = new GrandparentSplitter("train", "test").split(files);
        assertArrayEquals(new int[] {1, 3}, s.train());
        assertArrayEquals(new int[] {0}, s.valid());
        assertEquals("pos", GrandparentSplitter.parentLabel("train/pos/2.txt"));
        assertThrows(IllegalArgumentException.class, () -> new GrandparentSplitter("train", "valid").split(files));
    }

    @Test
    void aBatchSizeOrSeqLenNearIntMaxIsNotAnOverflow() {
        // bs * 50 and n + bs - 1 overflowed: subList(0, -50) from the sampler, size() -1; max + seqLen - 1 a negative array
        List<int[]> docs = List.of(new int[] {5, 6}, new int[] {7}, new int[] {8, 9, 10});
        assertArrayEquals(new int[] {2, 0, 1}, new SortishSampler(new int[] {2, 1, 3}, Integer.MAX_VALUE).order(new Random(0)));
        assertEquals(3, new SortishSampler(new int[] {2, 1, 3}, 50_000_000).order(new Random(0)).length);
        SortedDL dl = new SortedDL(docs, new int[] {0, 1, 0}, Integer.MAX_VALUE, 2, PadChunk.PAD_IDX, true, 0, true);
        assertEquals(1, dl.size());
        Batch b = dl.iterator().next();
        assertEquals(3, b.size());
        assertEquals(1, new SortedDL(docs, new int[] {0, 1, 0}, Integer.MAX_VALUE, 2, false, 0).size());
        var e = assertThrows(IllegalArgumentException.class, () -> PadChunk.pad(docs, Integer.MAX_VALUE, 1, true, true));
        assertEquals("texts of up to 3 tokens padded to whole chunks of seqLen = 2147483647 are too long (2147483647 tokens)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SortedDL(docs, new int[] {0, 1, 0}, 0, 72, false, 0));
        assertEquals("bs and seqLen must be positive, got 0, 72", e.getMessage());
    }

    @Test
    void aBackslashInALinuxFileNameIsPartOfTheName() {
        Assumptions.assumeTrue(File.separatorChar == '/');
        // it used to split the name: train/neg/a\b.txt had label 'a' and grandparent 'neg', in neither set
        assertEquals("neg", GrandparentSplitter.parentLabel("train/neg/a\\b.txt"));
        assertArrayEquals(new int[] {0}, new GrandparentSplitter("train", "valid").split(List.of("train/neg/a\\b.txt", "valid/pos/c.txt")).train());
        var e = assertThrows(IllegalArgumentException.class, () -> new GrandparentSplitter("train", "train"));
        assertEquals("train and valid folders must differ, both are 'train'", e.getMessage());
    }
}
