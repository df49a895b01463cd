package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class ModuleTest {
    static final class Tied extends Module {
        Embedding iH = new Embedding(5, 3);
        List<Linear> layers = List.of(new Linear(3, 3), new Linear(3, 3));
        Linear hO = new Linear(3, 5);
        Hidden h = new Hidden(2, 3);

        Tied() {
            hO.weight = iH.weight;
        }
    }

    @Test
    void findsParametersInFieldsAndListsAndTiedWeightsOnce() {
        Tied m = new Tied();
        Map<String, Parameter> ps = m.namedParameters();
        assertEquals(List.of("iH.weight", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "hO.bias"), List.copyOf(ps.keySet()));
        assertSame(m.iH.weight, m.hO.weight);
        assertEquals(15 + 2 * 12 + 5, m.numParameters());
        assertEquals(1, m.hiddens().size());
        assertTrue(m.toString().contains("Embedding(5, 3)"), m.toString());
    }

    @Test
    void forwardOutsideAGraphExplains() {
        var e = assertThrows(IllegalStateException.class, () -> new Linear(2, 2).weight.value());
        assertTrue(e.getMessage().contains("no graph under construction"));
    }

    @Test
    void hiddenStateIsCarriedDetachedAndReset() {
        Rng.seed(1);
        Linear lin = new Linear(2, 2);
        Hidden h = new Hidden(1, 2);
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("acc", false, b -> {
                Tensor x = b.input("x", TFloat32.class, 1, 2);
                Tensor s = h.value().add(x);
                h.set(s);
                b.output("s", s.add(lin.apply(x).mul(0)));
            });
            p.run(Map.of("x", new double[] {1, 2}));
            double[] second = p.run(Map.of("x", new double[] {1, 2})).get("s");
            assertEquals(2.0, second[0], 1e-6);
            assertEquals(4.0, second[1], 1e-6);
            h.reset();
            assertEquals(1.0, p.run(Map.of("x", new double[] {1, 2})).get("s")[0], 1e-6);
        }
    }

    @Test
    void wrongShapesGiveClearErrors() {
        Linear lin = new Linear(3, 2);
        try (Engine e = new Engine(TFloat32.class)) {
            var ex = assertThrows(IllegalArgumentException.class, () -> e.program("bad", false, b -> lin.apply(b.input("x", TFloat32.class, 2, 4))));
            assertTrue(ex.getMessage().contains("Linear(3 -> 2)"), ex.getMessage());
            Program p = e.program("ok", false, b -> b.output("y", new Embedding(4, 2).apply(b.input("x", TInt32.class, 3))));
            var fed = assertThrows(IllegalArgumentException.class, () -> p.run(Map.of("x", new int[] {1, 2})));
            assertTrue(fed.getMessage().contains("built for"), fed.getMessage());
        }
    }

    @Test
    void dropoutZeroesAboutPAndRescalesOnlyWhileTraining() {
        Rng.seed(5);
        Dropout drop = new Dropout(0.4);
        try (Engine e = new Engine(TFloat32.class)) {
            Program train = e.program("train", true, b -> b.output("y", drop.apply(b.input("x", TFloat32.class, 100, 100))));
            double[] ones = new double[10_000];
            Arrays.fill(ones, 1.0);
            double[] y = train.run(Map.of("x", ones)).get("y");
            long zeros = Arrays.stream(y).filter(v -> v == 0).count();
            assertEquals(0.4, zeros / 10_000.0, 0.03);
            for (double v : y) assertTrue(v == 0 || Math.abs(v - 1 / 0.6) < 1e-6);
            drop.eval();
            Program eval = e.program("eval", false, b -> b.output("y", drop.apply(b.input("x", TFloat32.class, 100, 100))));
            assertEquals(10_000.0, Arrays.stream(eval.run(Map.of("x", ones)).get("y")).sum(), 1e-6);
        }
    }
}
