package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.models.LMModel1;
import textdive.nn.Losses;
import textdive.nn.Rng;

class SeedsTest {
    private static DataLoaders counting() {
        List<Item> items = IntStream.range(0, 96).mapToObj(i -> Item.of(new int[] {i % 5, (i + 1) % 5, (i + 2) % 5}, (i + 3) % 5)).toList();
        return ItemDataLoader.fromDsets(items.subList(0, 64), items.subList(64, 96), 16);
    }

    @Test
    void eachSeedIsARunFromThatSeedAndTheTitleSummarisesThem() {
        Table t = Seeds.finalMetric("tiny", 3, s -> new Learner(counting(), new LMModel1(5, 4), Losses.crossEntropy(), Metrics.accuracy()),
                l -> l.fit(2, 1e-2), "valid_loss");
        assertEquals(List.of(0, 1, 2), t.intColumn("seed").asList());
        Rng.seed(1);
        Learner again = new Learner(counting(), new LMModel1(5, 4), Losses.crossEntropy(), Metrics.accuracy());
        again.recorder().silent(true);
        again.fit(2, 1e-2);
        assertEquals(again.recorder().last("valid_loss"), t.doubleColumn("valid_loss").get(1), "seed 1's row is a run from seed 1");
        assertNotEquals(t.doubleColumn("valid_loss").get(0), t.doubleColumn("valid_loss").get(1), "seeds give different starts");
        double[] v = t.doubleColumn("valid_loss").asDoubleArray();
        Arrays.sort(v);
        assertTrue(t.name().startsWith("tiny: final valid_loss over seeds 0-2: median " + String.format(Locale.ROOT, "%.3f", v[1])), t.name());
    }

    @Test
    void noSeedsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Seeds.finalMetric("x", 0, s -> null, l -> {}, "accuracy"));
    }
}
