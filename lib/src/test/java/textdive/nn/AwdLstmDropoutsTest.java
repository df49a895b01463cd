package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** RNNDropout, EmbeddingDropout and WeightDropout: fastai's mask shapes and scaling, eval behaviour, float64 gradient checks. */
class AwdLstmDropoutsTest {
    @BeforeEach
    void seed() {
        Rng.seed(11);
    }

    /** sum(out * fixed random weights): every output element gets a distinct upstream gradient. */
    private static Tensor weightedSum(Build b, Tensor out) {
        double[] w = GradCheck.randn((int) Arrays.stream(out.shape()).reduce(1, (a, b2) -> a * b2), 99);
        return out.mul(b.wrap(b.tf().reshape(b.tf().constant(w), b.tf().constant(out.shape())))).sum();
    }

    /** A mask of 0 and 1/(1-p) entries, fixed so that a training graph is deterministic. */
    private static double[] fixedMask(int n, double p, long seed) {
        Random r = new Random(seed);
        double[] m = new double[n];
        for (int i = 0; i < n; i++) m[i] = r.nextDouble() < p ? 0 : 1 / (1 - p);
        m[0] = 0;
        m[n - 1] = 1 / (1 - p);
        return m;
    }

    private static final class FixedRNNDropout extends RNNDropout {
        private final double[] m;

        FixedRNNDropout(double p, double[] m) {
            super(p);
            this.m = m;
        }

        @Override
        protected Tensor mask(long[] shape) {
            return F.tensor(m, shape);
        }
    }

    private static final class FixedEmbeddingDropout extends EmbeddingDropout {
        private final double[] m;

        FixedEmbeddingDropout(Embedding emb, double p, double[] m) {
            super(emb, p);
            this.m = m;
        }

        @Override
        protected Tensor mask(long[] shape) {
            return F.tensor(m, shape);
        }
    }

    private static final class FixedWeightDropout extends WeightDropout {
        private final double[] m;

        FixedWeightDropout(LSTM lstm, double p, double[] m) {
            super(lstm, p);
            this.m = m;
        }

        @Override
        protected Tensor mask(long[] shape) {
            return F.tensor(m, shape);
        }
    }

    // ---- gradients ----

    @Test
    void rnnDropoutGradientsWithoutDropoutAndWithAFixedMask() {
        Linear lin = new Linear(3, 4);
        Map<String, double[]> x = Map.of("x", GradCheck.randn(2 * 5 * 3, 1));
        RNNDropout off = new RNNDropout(0);
        GradCheck.check(lin.parameters(), x, b -> weightedSum(b, off.apply(lin.apply(b.input("x", TFloat64.class, 2, 5, 3)).tanh())));
        RNNDropout fixed = new FixedRNNDropout(0.5, fixedMask(2 * 4, 0.5, 2));
        GradCheck.check(lin.parameters(), x, b -> weightedSum(b, fixed.apply(lin.apply(b.input("x", TFloat64.class, 2, 5, 3)).tanh())));
    }

    @Test
    void embeddingDropoutGradientsWithoutDropoutAndWithAFixedRowMask() {
        Embedding emb = new Embedding(6, 3);
        Map<String, int[]> ids = Map.of("x", new int[] {1, 3, 1, 4, 0, 5, 3});
        EmbeddingDropout off = new EmbeddingDropout(emb, 0);
        GradCheck.check(emb.parameters(), ids, b -> weightedSum(b, off.apply(b.input("x", TInt32.class, 7)).square()));
        EmbeddingDropout fixed = new FixedEmbeddingDropout(emb, 0.4, fixedMask(6, 0.4, 3));
        GradCheck.check(emb.parameters(), ids, b -> weightedSum(b, fixed.apply(b.input("x", TInt32.class, 7)).square()));
    }

    @Test
    void weightDropoutGradientsWithoutDropoutAndWithAFixedMask() {
        LSTM lstm = new LSTM(3, 4, 1);
        Map<String, double[]> feeds = Map.of("x", GradCheck.randn(2 * 3 * 3, 5), "h", GradCheck.randn(8, 6), "c", GradCheck.randn(8, 7));
        for (WeightDropout wd : List.of(new WeightDropout(lstm, 0), new FixedWeightDropout(lstm, 0.3, fixedMask(16 * 4, 0.3, 4)))) {
            GradCheck.check(wd.parameters(), feeds, b -> {
                RnnOutput o = wd.apply(b.input("x", TFloat64.class, 2, 3, 3), b.input("h", TFloat64.class, 1, 2, 4), b.input("c", TFloat64.class, 1, 2, 4));
                return weightedSum(b, o.output()).add(weightedSum(b, o.c()));
            });
        }
    }

    @Test
    void paddingRowStartsAtZeroAndGetsNoGradientFromLookups() {
        Embedding padded = new Embedding(5, 3, 1);
        assertArrayEquals(new double[3], Arrays.copyOfRange(padded.weight.data(), 3, 6), "PyTorch zeroes the padding row");
        double[] w = GradCheck.randn(15, 41);
        padded.weight.set(w);
        Embedding plain = new Embedding(5, 3);
        plain.weight.set(w);
        int[] ids = {1, 3, 1, 4, 0, 1};
        try (Engine e = new Engine(TFloat64.class)) {
            Program p = e.program("grads", true, b -> {
                Tensor x = b.input("x", TInt32.class, 6);
                Tensor yPad = new EmbeddingDropout(padded, 0).apply(x);
                Tensor yPlain = plain.apply(x);
                b.output("yPad", yPad);
                b.output("yPlain", yPlain);
                b.output("gPad", b.gradients(weightedSum(b, yPad.square()), List.of(padded.weight)).get(padded.weight));
                b.output("gPlain", b.gradients(weightedSum(b, yPlain.square()), List.of(plain.weight)).get(plain.weight));
            });
            Program.Outputs out = p.run(Map.of("x", ids));
            assertArrayEquals(out.get("yPlain"), out.get("yPad"), 0, "the padding row is looked up like any other");
            double[] gPad = out.get("gPad"), gPlain = out.get("gPlain");
            for (int row = 0; row < 5; row++) {
                for (int d = 0; d < 3; d++) {
                    int i = row * 3 + d;
                    if (row == 1) {
                        assertEquals(0, gPad[i], 0, "no gradient for the padding row");
                        assertTrue(gPlain[i] != 0);
                    } else {
                        assertEquals(gPlain[i], gPad[i], 1e-12, "row " + row);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5));
    }

    // ---- semantics ----

    @Test
    void rnnDropoutUsesOneMaskForEveryTimeStepAndScalesByOneOverOneMinusP() {
        int bs = 3, sl = 5, n = 8;
        double p = 0.25;
        RNNDropout drop = new RNNDropout(p);
        double[] x = GradCheck.randn(bs * sl * n, 21);
        try (Engine e = new Engine(TFloat64.class)) {
            Program train = e.program("train", true, b -> b.output("y", drop.apply(b.input("x", TFloat64.class, bs, sl, n))));
            double[] y = train.run(Map.of("x", x)).get("y");
            int dropped = 0, kept = 0;
            for (int i = 0; i < bs; i++) {
                for (int k = 0; k < n; k++) {
                    double ratio0 = y[(i * sl) * n + k] / x[(i * sl) * n + k];
                    assertTrue(ratio0 == 0 || Math.abs(ratio0 - 1 / (1 - p)) < 1e-12, "kept values are scaled by 1/(1-p), got ratio " + ratio0);
                    if (ratio0 == 0) dropped++;
                    else kept++;
                    for (int t = 1; t < sl; t++) {
                        int at = (i * sl + t) * n + k;
                        assertEquals(ratio0, y[at] / x[at], 1e-12, "sequence " + i + ", feature " + k + ": the mask must not change with the time step " + t);
                    }
                }
            }
            assertTrue(dropped > 0 && kept > 0, dropped + " dropped, " + kept + " kept");
            assertFalse(Arrays.equals(y, train.run(Map.of("x", x)).get("y")), "a fresh mask for every batch");
            drop.eval();
            Program evalModule = e.program("eval module", true, b -> b.output("y", drop.apply(b.input("x", TFloat64.class, bs, sl, n))));
            assertArrayEquals(x, evalModule.run(Map.of("x", x)).get("y"), "identity for a module in eval mode");
            drop.train();
            Program eval = e.program("eval", false, b -> b.output("y", drop.apply(b.input("x", TFloat64.class, bs, sl, n))));
            assertArrayEquals(x, eval.run(Map.of("x", x)).get("y"), "identity in an evaluation graph");
            RNNDropout none = new RNNDropout(0);
            Program zero = e.program("zero", true, b -> b.output("y", none.apply(b.input("x", TFloat64.class, bs, sl, n))));
            assertArrayEquals(x, zero.run(Map.of("x", x)).get("y"), "identity for p = 0");
        }
        assertThrows(IllegalArgumentException.class, () -> new RNNDropout(1));
    }

    @Test
    void embeddingDropoutZeroesWholeRowsOfTheMatrix() {
        int vocab = 8, dim = 3;
        double p = 0.5;
        Embedding emb = new Embedding(vocab, dim);
        EmbeddingDropout drop = new EmbeddingDropout(emb, p);
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0};
        double[] w = emb.weight.data();
        try (Engine e = new Engine(TFloat64.class)) {
            Program train = e.program("train", true, b -> b.output("y", drop.apply(b.input("x", TInt32.class, 2, 8).view(2, 8))));
            double[] y = train.run(Map.of("x", NdArrays.wrap(Shape.of(2, 8), DataBuffers.of(ids)))).get("y");
            Boolean[] rowKept = new Boolean[vocab];
            for (int pos = 0; pos < ids.length; pos++) {
                int tok = ids[pos];
                boolean zero = true, scaled = true;
                for (int d = 0; d < dim; d++) {
                    double v = y[pos * dim + d];
                    zero &= v == 0;
                    scaled &= Math.abs(v - w[tok * dim + d] / (1 - p)) < 1e-12;
                }
                assertTrue(zero ^ scaled, "token " + tok + " at " + pos + ": its whole vector is dropped or scaled by 1/(1-p)");
                if (rowKept[tok] != null) assertEquals(rowKept[tok], scaled, "every occurrence of token " + tok + " shares its row's fate");
                rowKept[tok] = scaled;
            }
            long keptRows = Arrays.stream(rowKept).filter(k -> k).count();
            assertTrue(keptRows > 0 && keptRows < vocab, keptRows + " of " + vocab + " rows kept");
            Program eval = e.program("eval", false, b -> b.output("y", drop.apply(b.input("x", TInt32.class, 4))));
            double[] plain = eval.run(Map.of("x", new int[] {3, 0, 7, 3})).get("y");
            for (int d = 0; d < dim; d++) {
                assertEquals(w[3 * dim + d], plain[d], 0);
                assertEquals(w[7 * dim + d], plain[2 * dim + d], 0);
            }
        }
    }

    @Test
    void weightDropoutRunsTheLstmWithDroppedRecurrentWeightsOnlyWhileTraining() {
        LSTM lstm = new LSTM(3, 4, 1);
        double p = 0.5;
        WeightDropout wd = new WeightDropout(lstm, p);
        assertEquals(lstm.parameters().size(), wd.parameters().size(), "the raw weights stay the only parameters");
        Map<String, double[]> feeds = Map.of("x", GradCheck.randn(2 * 5 * 3, 31), "h", GradCheck.randn(8, 32), "c", GradCheck.randn(8, 33));
        double[] mask = fixedMask(16 * 4, p, 34);
        WeightDropout fixed = new FixedWeightDropout(lstm, p, mask);
        LSTM expected = new LSTM(3, 4, 1);
        expected.weightIh.get(0).set(lstm.weightIh.get(0).data());
        expected.biasIh.get(0).set(lstm.biasIh.get(0).data());
        expected.biasHh.get(0).set(lstm.biasHh.get(0).data());
        double[] dropped = lstm.weightHh.get(0).data();
        for (int i = 0; i < dropped.length; i++) dropped[i] *= mask[i];
        expected.weightHh.get(0).set(dropped);
        try (Engine e = new Engine(TFloat64.class)) {
            Program train = e.program("train", true, b -> {
                Tensor x = b.input("x", TFloat64.class, 2, 5, 3), h = b.input("h", TFloat64.class, 1, 2, 4), c = b.input("c", TFloat64.class, 1, 2, 4);
                b.output("wd", wd.apply(x, h, c).output());
                b.output("fixed", fixed.apply(x, h, c).output());
                b.output("expected", expected.apply(x, h, c).output());
                b.output("plain", lstm.apply(x, h, c).output());
            });
            Program eval = e.program("eval", false, b -> {
                Tensor x = b.input("x", TFloat64.class, 2, 5, 3), h = b.input("h", TFloat64.class, 1, 2, 4), c = b.input("c", TFloat64.class, 1, 2, 4);
                b.output("wd", wd.apply(x, h, c).output());
                b.output("plain", lstm.apply(x, h, c).output());
            });
            Program.Outputs t1 = train.run(feeds);
            Program.Outputs ev = eval.run(feeds);
            assertArrayEquals(ev.get("plain"), ev.get("wd"), 0, "eval: the plain LSTM with the raw weights");
            assertArrayEquals(t1.get("expected"), t1.get("fixed"), 1e-12, "training: the LSTM with weightHh * mask");
            assertFalse(Arrays.equals(t1.get("plain"), t1.get("wd")), "training changes the output");
            assertFalse(Arrays.equals(t1.get("wd"), train.run(feeds).get("wd")), "a fresh mask for every batch");
            wd.eval();
            Program evalModule = e.program("eval module", true, b -> b.output("wd", wd.apply(b.input("x", TFloat64.class, 2, 5, 3), b.input("h", TFloat64.class, 1, 2, 4), b.input("c", TFloat64.class, 1, 2, 4)).output()));
            assertArrayEquals(t1.get("plain"), evalModule.run(feeds).get("wd"), 0, "a module in eval mode uses the raw weights even in a training graph");
        }
    }
}
