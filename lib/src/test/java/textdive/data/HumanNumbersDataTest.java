package textdive.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.data.ItemDataLoader.Item;
import textdive.datasets.HumanNumbers;

/** Chapter 12's data on HUMAN_NUMBERS files made by the generator: the book's recorded figures, and the loaders' layout. */
class HumanNumbersDataTest {
    @TempDir
    static Path dir;
    static HumanNumbersData data;

    @BeforeAll
    static void load() {
        data = HumanNumbersData.load(HumanNumbers.writeTo(dir.resolve("human_numbers")));
    }

    @Test
    void tokensVocabAndIdsAreTheBooks() {
        assertEquals(63095, data.tokens().size());
        assertEquals(List.of("one", ".", "two", ".", "three", ".", "four", ".", "five", "."), data.tokens().subList(0, 10));
        assertEquals(30, data.vocab().size());
        assertEquals(List.of("one", ".", "two", "three", "four"), data.vocab().subList(0, 5));
        assertEquals("thousand", data.vocab().get(29));
        assertArrayEquals(new int[] {0, 1, 2, 1, 3, 1, 4, 1, 5, 1}, Arrays.copyOf(data.nums(), 10));
        assertEquals("one . two", data.decode(0, 1, 2));
    }

    @Test
    void itemsAreTheBooksSeqs() {
        List<Item> three = data.threeWordItems();
        assertEquals(21031, three.size());
        assertArrayEquals(new int[] {0, 1, 2}, three.get(0).x());
        assertArrayEquals(new int[] {1}, three.get(0).y());
        assertEquals(16824, HumanNumbersData.cut(three));
        List<Item> seqs = data.sequenceItems(16);
        assertEquals(3943, seqs.size());
        assertEquals("one . two . three . four . five . six . seven . eight .", data.decode(seqs.get(0).x()));
        assertEquals(". two . three . four . five . six . seven . eight . nine", data.decode(seqs.get(0).y()));
    }

    @Test
    void loadersHaveTheBooksBatchCounts() {
        DataLoaders plain = data.threeWordDls(64);
        assertEquals(List.of(262, 66), List.of(plain.train().size(), plain.valid().size()));
        DataLoaders grouped = data.groupedThreeWordDls(64);
        assertEquals(List.of(262, 65), List.of(grouped.train().size(), grouped.valid().size()));
        DataLoaders sequences = data.sequenceDls(64, 16);
        assertEquals(List.of(49, 12), List.of(sequences.train().size(), sequences.valid().size()));
    }

    @Test
    void groupedRowsContinueFromBatchToBatch() {
        List<Item> seqs = data.sequenceItems(16);
        int cut = HumanNumbersData.cut(seqs);
        List<Batch> valid = new ArrayList<>();
        data.sequenceDls(64, 16).valid().forEach(valid::add);
        int perRow = (seqs.size() - cut) / 64;
        for (int row = 0; row < 64; row += 21) {
            for (int k = 0; k < valid.size(); k++) {
                int[] expected = seqs.get(cut + row * perRow + k).x();
                for (int t = 0; t < 16; t++) assertEquals(expected[t], valid.get(k).x().getInt(row, t), "row " + row + " of batch " + k);
            }
        }
    }

    @Test
    void badInputIsNamed(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HumanNumbersData.load(empty));
        assertTrue(e.getMessage().contains("train.txt") && e.getMessage().contains(empty.toString()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> data.sequenceItems(0));
        assertTrue(e.getMessage().contains("sl"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> data.decode(30));
        assertTrue(e.getMessage().contains("30"), e.getMessage());
    }
}
