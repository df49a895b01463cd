package textdive.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import textdive.data.ItemDataLoader.Item;
import textdive.nn.Rng;

class ItemDataLoaderTest {
    private static List<Item> items(int n) {
        return IntStream.range(0, n).mapToObj(i -> Item.of(new int[] {i, i + 1, i + 2}, i + 3)).toList();
    }

    private static List<Integer> firstTokens(DataLoader dl) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : dl) for (int r = 0; r < b.size(); r++) out.add(b.x().getInt(r, 0));
        return out;
    }

    @Test
    void fromDsetsDefaultsShuffleAndDropLastForTrainingOnly() {
        // the book's LMModel1 data: 16,824 training and 4,207 validation items, bs 64, shuffle=False given
        DataLoaders dls = ItemDataLoader.dsets(items(16824), items(4207)).bs(64).shuffle(false).build();
        assertEquals(262, dls.train().size());
        assertEquals(66, dls.valid().size());
        List<Batch> valid = new ArrayList<>();
        dls.valid().forEach(valid::add);
        assertEquals(47, valid.get(65).size());
        assertEquals(IntStream.range(0, 262 * 64).boxed().toList(), firstTokens(dls.train()));
    }

    @Test
    void explicitDropLastAppliesToBothSetsAndDefaultShuffleToTrainingOnly() {
        Rng.seed(1);
        DataLoaders dls = ItemDataLoader.dsets(items(100), items(100)).bs(16).dropLast(true).build();
        assertEquals(6, dls.valid().size());
        List<Integer> epoch1 = firstTokens(dls.train());
        List<Integer> epoch2 = firstTokens(dls.train());
        assertEquals(96, epoch1.size());
        assertNotEquals(epoch1, epoch2, "a new order every epoch");
        assertEquals(IntStream.range(0, 96).boxed().toList(), firstTokens(dls.valid()));
    }

    @Test
    void shufflingIsRepeatableWithASeed() {
        Rng.seed(42);
        List<Integer> a = firstTokens(new ItemDataLoader(items(50), 8, true, false));
        Rng.seed(42);
        List<Integer> b = firstTokens(new ItemDataLoader(items(50), 8, true, false));
        assertEquals(a, b);
    }

    @Test
    void batchesHoldScalarOrSequenceTargets() {
        Batch b = new ItemDataLoader(List.of(Item.of(new int[] {1, 2}, new int[] {2, 3}), Item.of(new int[] {4, 5}, new int[] {5, 6})), 2, false, false).iterator().next();
        assertArrayEquals(new long[] {2, 2}, b.y().shape().asArray());
        assertEquals(6, b.y().getInt(1, 1));
        Batch s = new ItemDataLoader(items(3), 3, false, false).iterator().next();
        assertArrayEquals(new long[] {3}, s.y().shape().asArray());
        assertEquals(5, s.y().getInt(2));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ItemDataLoader(List.of(), 4, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ItemDataLoader(items(3), 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ItemDataLoader(List.of(Item.of(new int[] {1}, 1), Item.of(new int[] {1, 2}, 1)), 2, false, false));
    }

    @Test
    void groupChunksPutsTheContinuationOfEachRowInTheNextBatch() {
        List<Integer> ds = IntStream.range(0, 10).boxed().toList();
        // m = 10 / 3 = 3: batch k, row j is item j*3 + k; item 9 is dropped
        assertEquals(List.of(0, 3, 6, 1, 4, 7, 2, 5, 8), GroupChunks.groupChunks(ds, 3));
    }
}
