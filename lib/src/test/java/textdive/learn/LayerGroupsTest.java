package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static textdive.learn.Lr.slice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.nn.Embedding;
import textdive.nn.Linear;
import textdive.nn.Losses;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.Rng;
import textdive.nn.Tensor;
import textdive.optim.ParamGroup;

/** fastai's layer groups: freeze/freezeTo/unfreeze, discriminative rates from slice(lo, hi), per-group schedules. */
class LayerGroupsTest {
    /** Token id -> embedding -> Linear -> Linear: three layer groups. */
    static final class Probe extends Module {
        final Embedding emb = new Embedding(5, 3);
        final Linear lin1 = new Linear(3, 3);
        final Linear lin2 = new Linear(3, 4);

        @Override
        public Tensor forward(Tensor x) {
            return lin2.apply(lin1.apply(emb.apply(x).view(x.size(0), 3)));
        }

        List<List<Parameter>> groups() {
            return List.of(List.of(emb.weight), List.of(lin1.weight, lin1.bias), List.of(lin2.weight, lin2.bias));
        }
    }

    private static final int BS = 8;

    private static DataLoaders data() {
        List<Item> items = IntStream.range(0, 2 * BS).mapToObj(i -> Item.of(new int[] {i % 5}, (i * 3 + 1) % 4)).toList();
        return ItemDataLoader.dsets(items.subList(0, BS), items.subList(BS, 2 * BS)).bs(BS).shuffle(false).dropLast(true).build();
    }

    private static Learner learner(Probe m) {
        Learner l = new Learner(data(), m, Losses.crossEntropy()).splitter(model -> ((Probe) model).groups());
        l.recorder().silent(true);
        return l;
    }

    private static List<double[]> values(List<Parameter> ps) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : ps) out.add(p.data());
        return out;
    }

    private static void assertSame(List<double[]> before, List<Parameter> ps, String what) {
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(before.get(i), ps.get(i).data(), what + ": " + ps.get(i).name() + " must be bit-identical");
    }

    private static void assertChanged(List<double[]> before, List<Parameter> ps, String what) {
        for (int i = 0; i < ps.size(); i++) assertFalse(Arrays.equals(before.get(i), ps.get(i).data()), what + ": " + ps.get(i).name() + " must train");
    }

    @Test
    void frozenGroupsStayBitIdenticalAndTheOthersTrain() {
        Rng.seed(1);
        Probe m = new Probe();
        try (Learner learn = learner(m)) {
            List<List<Parameter>> g = m.groups();
            learn.freeze();
            List<List<double[]>> before = g.stream().map(LayerGroupsTest::values).toList();
            learn.fit(1, 1e-2);
            assertSame(before.get(0), g.get(0), "freeze()");
            assertSame(before.get(1), g.get(1), "freeze()");
            assertChanged(before.get(2), g.get(2), "freeze()");

            learn.freezeTo(-2);
            before = g.stream().map(LayerGroupsTest::values).toList();
            learn.fit(1, 1e-2);
            assertSame(before.get(0), g.get(0), "freezeTo(-2)");
            assertChanged(before.get(1), g.get(1), "freezeTo(-2)");
            assertChanged(before.get(2), g.get(2), "freezeTo(-2)");

            learn.unfreeze();
            before = g.stream().map(LayerGroupsTest::values).toList();
            learn.fit(1, 1e-2);
            for (int i = 0; i < 3; i++) assertChanged(before.get(i), g.get(i), "unfreeze()");
        }
    }

    @Test
    void freezeToClearsTheOptimizerStateAsFastaiDoes() {
        Rng.seed(2);
        Probe m = new Probe();
        try (Learner learn = learner(m)) {
            learn.fit(2, 1e-2);
            assertTrue(learn.opt().groups().stream().allMatch(gr -> gr.step() == 2));
            assertTrue(learn.opt().state().values().stream().anyMatch(s -> Arrays.stream(s.data()).anyMatch(v -> v != 0)));
            List<double[]> weights = values(m.parameters());
            int graphs = learn.numGraphs();
            learn.freezeTo(1);
            // the new frozen state starts a new graph: the weights carry over exactly, the old programs are gone
            assertSame(weights, m.parameters(), "freezeTo");
            learn.validate();
            assertEquals(graphs + 1, learn.numGraphs(), "the validation graph is built again, in the new graph");
            assertTrue(learn.opt().groups().stream().allMatch(gr -> gr.step() == 0));
            assertTrue(learn.opt().state().values().stream().allMatch(s -> Arrays.stream(s.data()).allMatch(v -> v == 0)));
            assertEquals(List.of(true, false, false), learn.opt().groups().stream().map(ParamGroup::frozen).toList());
        }
    }

    @Test
    void sliceSpreadsTheRatesGeometricallyAsFastaiEvenMults() {
        assertArrayEquals(new double[] {1e-3, 1e-2, 1e-1}, slice(1e-3, 1e-1).perGroup(3), 1e-17);
        double lo = 1e-2 / Math.pow(2.6, 4);
        double[] four = slice(lo, 1e-2).perGroup(4);
        for (int i = 1; i < 4; i++) assertEquals(Math.pow(2.6, 4.0 / 3), four[i] / four[i - 1], 1e-12, "a constant ratio between neighbours");
        assertEquals(1e-2, four[3], 1e-17);
        assertArrayEquals(new double[] {1e-3, 1e-3, 1e-2}, slice(1e-2).perGroup(3), 1e-18, "slice(hi): hi/10 except the last group");
        assertArrayEquals(new double[] {5e-3, 5e-3}, Lr.of(5e-3).perGroup(2));
        assertArrayEquals(new double[] {1e-1}, slice(1e-3, 1e-1).perGroup(1));
        assertThrows(IllegalArgumentException.class, () -> slice(1e-1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> slice(0, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> Lr.of(Double.NaN));
    }

    /**
     * One step of fastai's Adam with {@code slice(lo, hi)} against a float64 computation by hand: forward, backward,
     * decoupled weight decay (not on Linear biases), first-step moments and bias corrections, each group at its own rate.
     */
    @Test
    void aDiscriminativeStepEqualsAFloat64Reference() {
        Rng.seed(3);
        Probe m = new Probe();
        double[] e = m.emb.weight.data(), w1 = m.lin1.weight.data(), b1 = m.lin1.bias.data(), w2 = m.lin2.weight.data(), b2 = m.lin2.bias.data();
        double lo = 1e-3, hi = 4e-2, wd = 0.01, mom = 0.9, sqrMom = 0.99, eps = 1e-5;
        double[] lrs = slice(lo, hi).perGroup(3);
        try (Learner learn = learner(m)) {
            learn.fit(1, slice(lo, hi), wd);
        }
        // the reference: the one training batch is items 0..7, x = i % 5, y = (3i + 1) % 4
        double[] ge = new double[e.length], gw1 = new double[w1.length], gb1 = new double[b1.length], gw2 = new double[w2.length], gb2 = new double[b2.length];
        for (int i = 0; i < BS; i++) {
            int x = i % 5, y = (i * 3 + 1) % 4;
            double[] h = new double[3], z = new double[4];
            for (int o = 0; o < 3; o++) {
                h[o] = b1[o];
                for (int k = 0; k < 3; k++) h[o] += e[x * 3 + k] * w1[o * 3 + k];
            }
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int o = 0; o < 4; o++) {
                z[o] = b2[o];
                for (int k = 0; k < 3; k++) z[o] += h[k] * w2[o * 3 + k];
                max = Math.max(max, z[o]);
            }
            for (int o = 0; o < 4; o++) sum += Math.exp(z[o] - max);
            double[] dz = new double[4];
            for (int o = 0; o < 4; o++) dz[o] = (Math.exp(z[o] - max) / sum - (o == y ? 1 : 0)) / BS;
            double[] dh = new double[3];
            for (int o = 0; o < 4; o++) {
                gb2[o] += dz[o];
                for (int k = 0; k < 3; k++) {
                    gw2[o * 3 + k] += dz[o] * h[k];
                    dh[k] += dz[o] * w2[o * 3 + k];
                }
            }
            for (int o = 0; o < 3; o++) {
                gb1[o] += dh[o];
                for (int k = 0; k < 3; k++) {
                    gw1[o * 3 + k] += dh[o] * e[x * 3 + k];
                    ge[x * 3 + k] += dh[o] * w1[o * 3 + k];
                }
            }
        }
        double[][] params = {e, w1, b1, w2, b2};
        double[][] grads = {ge, gw1, gb1, gw2, gb2};
        int[] group = {0, 1, 1, 2, 2};
        boolean[] decayed = {true, true, false, true, false};
        Parameter[] trained = {m.emb.weight, m.lin1.weight, m.lin1.bias, m.lin2.weight, m.lin2.bias};
        for (int k = 0; k < params.length; k++) {
            double lr = lrs[group[k]];
            double[] expect = new double[params[k].length];
            for (int j = 0; j < expect.length; j++) {
                double p = params[k][j] * (decayed[k] ? 1 - lr * wd : 1);
                double g = grads[k][j];
                double avg = (1 - mom) * g, sqr = (1 - sqrMom) * g * g;
                expect[j] = p - lr / (1 - mom) * avg / (Math.sqrt(sqr / (1 - sqrMom)) + eps);
            }
            double[] got = trained[k].data();
            for (int j = 0; j < expect.length; j++) {
                assertEquals(expect[j], got[j], 2e-7 + 1e-4 * lr, trained[k].name() + "[" + j + "] (group " + group[k] + ", lr " + lr + ")");
            }
        }
    }

    @Test
    void oneCycleScalesEachGroupsOwnRate() {
        Rng.seed(4);
        Probe m = new Probe();
        List<double[]> seen = new ArrayList<>();
        try (Learner learn = learner(m)) {
            learn.addCb(new Callback() {
                @Override
                public void afterBatch(Learner l) {
                    seen.add(l.opt().groups().stream().mapToDouble(ParamGroup::lr).toArray());
                }
            });
            learn.fitOneCycle(4, slice(1e-4, 1e-2));
            assertEquals(4, seen.size());
            for (int i = 0; i < 4; i++) {
                double[] lrs = seen.get(i);
                assertEquals(learn.recorder().lrs().get(i), lrs[2], 0, "the recorder follows the last group, as fastai's");
                assertEquals(Learner.oneCycleLr(1e-2, 0.25, 25, 1e5).applyAsDouble(i / 4.0), lrs[2], 1e-15);
                assertEquals(1e-2, lrs[2] / lrs[0] * 1e-4, 1e-15, "the ratio between groups holds at every step");
                assertEquals(Math.sqrt(lrs[0] * lrs[2]), lrs[1], 1e-15, "the middle group is the geometric mean");
            }
        }
    }

    @Test
    void badSplitsAndFreezePointsAreNamed() {
        Rng.seed(5);
        Probe m = new Probe();
        Learner l = new Learner(data(), m, Losses.crossEntropy());
        var missing = assertThrows(IllegalArgumentException.class, () -> l.splitter(mm -> List.of(List.of(m.emb.weight))));
        assertTrue(missing.getMessage().contains("lin1.weight is in no layer group"), missing.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> l.splitter(mm -> List.of(List.of(m.emb.weight, m.lin1.weight, m.lin1.bias),
                List.of(m.lin1.bias, m.lin2.weight, m.lin2.bias))));
        assertTrue(twice.getMessage().contains("lin1.bias is in two layer groups"), twice.getMessage());
        l.splitter(mm -> m.groups());
        var far = assertThrows(IllegalArgumentException.class, () -> l.freezeTo(3));
        assertTrue(far.getMessage().contains("3 layer groups"), far.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.freezeTo(-4));
        l.freezeTo(-3); // as many groups as the model has: nothing frozen
        l.close();
    }
}
