package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.models.LMModel1;
import textdive.models.LMModel3;
import textdive.nn.Linear;
import textdive.nn.Losses;
import textdive.nn.Rng;

/** The Learner's arguments and the data it meets are checked where a notebook calls it. */
class LearnerBadInputTest {
    private static DataLoaders counting(int n, int nValid, int classes, boolean dropLast) {
        List<Item> items = IntStream.range(0, n).mapToObj(i -> Item.of(new int[] {i % 7, (i + 1) % 7, (i + 2) % 7}, (i + 3) % classes)).toList();
        return ItemDataLoader.dsets(items.subList(0, n - nValid), items.subList(n - nValid, n)).bs(8).shuffle(false).dropLast(dropLast).build();
    }

    private static Learner learner(DataLoaders dls) {
        Rng.seed(0);
        Learner l = new Learner(dls, new LMModel1(7, 8), Losses.crossEntropy());
        l.recorder().silent(true);
        return l;
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable code, String... parts) {
        Throwable e = assertThrows(type, code);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    @Test
    void epochsAndLearningRateAreCheckedBeforeTraining() {
        Learner l = learner(counting(100, 20, 7, true));
        assertMessage(IllegalArgumentException.class, () -> l.fitOneCycle(0, 1e-2), "epochs", "got 0");
        assertMessage(IllegalArgumentException.class, () -> l.fit(-1, 1e-2), "epochs", "got -1");
        assertMessage(IllegalArgumentException.class, () -> l.fitOneCycle(1, -1e-2), "learning rate", "-0.01");
        assertMessage(IllegalArgumentException.class, () -> l.fit(1, Double.NaN), "learning rate", "NaN");
        assertMessage(IllegalArgumentException.class, () -> l.fitOneCycle(1, 1e-2, 0.01, 1.5, 25, 1e5), "pctStart", "1.5");
        assertEquals(0, l.recorder().lrs().size(), "nothing trained");
        assertMessage(IllegalArgumentException.class, () -> new Learner(counting(100, 20, 7, true), null, Losses.crossEntropy()), "model");
    }

    @Test
    void emptyDataLoadersAreNamed() {
        assertMessage(IllegalStateException.class, () -> learner(counting(43, 40, 7, true)).fit(1, 1e-2), "training DataLoader", "no batch");
        assertMessage(IllegalStateException.class, () -> learner(counting(43, 3, 7, true)).fit(1, 1e-2), "validation DataLoader", "no batch");
    }

    @Test
    void targetsOutOfRangeForTheLossSayHowManyClassesTheModelPredicts() {
        // targets go up to 8, the model predicts 7 classes
        assertMessage(IllegalArgumentException.class, () -> learner(counting(100, 20, 9, true)).fit(1, 1e-2), "cross entropy", "[0, 7)", "7 classes");
    }

    @Test
    void aModelWithoutEmbeddingThatGetsTokenIdsIsTold() {
        Learner l = new Learner(counting(100, 20, 7, true), new Linear(3, 7), Losses.crossEntropy());
        l.recorder().silent(true);
        assertMessage(IllegalArgumentException.class, () -> l.fit(1, 1e-2), "Linear(3 -> 7)", "Embedding");
    }

    @Test
    void hiddenStateMeetingTheShorterLastBatchNamesDropLast() {
        // 80 training items fill 10 batches of 8; the 20 validation items end with a batch of 4
        Rng.seed(0);
        Learner l = new Learner(counting(100, 20, 7, false), new LMModel3(7, 8, 8), Losses.crossEntropy());
        l.recorder().silent(true);
        assertMessage(IllegalStateException.class, () -> l.fit(1, 1e-2), "LMModel3", "[8, 8]", "[4, 3]", "dropLast");
    }
}
