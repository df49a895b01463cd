package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

class BagOfWordsFeaturesTest {
    private static Map<String, Double> values(Example<Label> e) {
        Map<String, Double> m = new HashMap<>();
        for (Feature f : e) m.put(f.getName(), f.getValue());
        return m;
    }

    @Test
    void wordsAndPairsAreWeightedOnePlusLogCountWithoutBosOrPadding() {
        List<String> vocab = List.of("xxunk", "xxpad", "xxbos", "good", "film");
        // xxpad xxbos good good film good: "good" 3 times, "good good" once, "good film" once, "film good" once
        var e = values(BagOfWordsBaseline.example(new int[] {1, 2, 3, 3, 4, 3}, vocab, new Label("pos")));
        assertEquals(Map.of("w=good", 1 + Math.log(3), "w=film", 1.0, "b=good good", 1.0, "b=good film", 1.0, "b=film good", 1.0), e);
    }

    @Test
    void eachReviewIsScaledToLengthOne() {
        var e = new ArrayExample<>(new Label("pos"), new String[] {"a", "b"}, new double[] {3, 4});
        var u = values(BagOfWordsBaseline.unitLength(e));
        assertEquals(0.6, u.get("a"), 1e-15);
        assertEquals(0.8, u.get("b"), 1e-15);
        var zero = new ArrayExample<>(new Label("pos"), new String[] {"a"}, new double[] {0});
        assertEquals(0.0, values(BagOfWordsBaseline.unitLength(zero)).get("a"));
    }
}
