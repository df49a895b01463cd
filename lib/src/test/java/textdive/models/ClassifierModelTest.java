package textdive.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import textdive.data.Batch;
import textdive.data.PadChunk;
import textdive.nn.BatchNorm1d;
import textdive.nn.Build;
import textdive.nn.Engine;
import textdive.nn.F;
import textdive.nn.GradCheck;
import textdive.nn.Losses;
import textdive.nn.Parameter;
import textdive.nn.Program;
import textdive.nn.Rng;
import textdive.nn.Tensor;

/** ULMFiT's classifier: BPT3C gradients, masked concat pooling, BatchNorm1d, layer groups. */
class ClassifierModelTest {
    /** vocab 9, emb 3, hidden 4, 2 layers, no dropout. */
    private static final AwdLstm.Config TINY = AwdLstm.Config.CLAS.withSizes(3, 4, 2).dropMult(0);
    private static final int SEQ = 4;

    @BeforeEach
    void seed() {
        Rng.seed(11);
    }

    private static IntNdArray ids(int[] v, int bs, int sl) {
        return NdArrays.wrap(Shape.of(bs, sl), DataBuffers.of(v));
    }

    /** Two reviews of 10 and 7 tokens, padded to 3 whole chunks of 4 (pad = 1) as the classifier loaders pad them. */
    private static final int[] THREE_CHUNKS = PadChunk.pad(List.of(new int[] {2, 5, 3, 6, 7, 4, 8, 3, 5, 6}, new int[] {2, 7, 7, 3, 4, 5, 8}), SEQ, 1, true, true);

    /**
     * The BPT3C gradient over three chunks. fastai detaches the state between chunks, so the gradient is that of the
     * loss with each chunk's starting state held fixed. A second graph feeds the three starting states as constants:
     * its gradient passes a float64 finite-difference check, and equals the real encoder's gradient.
     */
    @Test
    void bpt3cGradientsMatchFiniteDifferencesWithTheStateHeldBetweenChunks() {
        SequentialRNN clas = AwdLstm.textClassifier(9, 3, TINY, 1.0, SEQ, 3 * SEQ);
        clas.eval(); // BatchNorm's running statistics and no dropout: a deterministic function of the weights
        SentenceEncoder enc = (SentenceEncoder) clas.get(0);
        int[] y = {2, 0};
        List<Parameter> params = clas.parameters();
        Map<String, Object> feeds = new HashMap<>(Map.of("x", ids(THREE_CHUNKS, 2, 12), "y", NdArrays.wrap(Shape.of(2), DataBuffers.of(y))));
        // the state entering each chunk, from the real encoder's forward pass
        List<double[]> states = new ArrayList<>();
        Map<Parameter, double[]> gradReal = new HashMap<>();
        try (Engine e = new Engine(TFloat64.class)) {
            Program p = e.program("real", true, b -> {
                Tensor x = b.input("x", TInt32.class, 2, 12);
                Tensor loss = Losses.crossEntropy(clas.apply(x).part(0), b.input("y", TInt32.class, 2));
                Map<Parameter, Tensor> g = b.gradients(loss, params);
                for (int i = 0; i < params.size(); i++) b.output("g" + i, g.get(params.get(i)));
                // the chunk-entry states, recomputed in the same graph
                AwdLstm.State s = enc.module.carried(2);
                for (int c = 0; c < 3; c++) {
                    for (int l = 0; l < 2; l++) {
                        b.output("h" + c + l, s.h().get(l));
                        b.output("c" + c + l, s.c().get(l));
                    }
                    Tensor chunk = x.slice(1, c * SEQ, (c + 1) * SEQ);
                    s = enc.module.encodeChunk(chunk, s, startedOf(chunk)).state();
                }
            });
            Program.Outputs out = p.run(feeds);
            for (int i = 0; i < params.size(); i++) gradReal.put(params.get(i), out.get("g" + i));
            for (int c = 0; c < 3; c++) for (int l = 0; l < 2; l++) {
                states.add(out.get("h" + c + l));
                states.add(out.get("c" + c + l));
            }
        }
        for (int c = 0; c < 3; c++) for (int l = 0; l < 2; l++) {
            feeds.put("h" + c + l, states.get((c * 2 + l) * 2));
            feeds.put("c" + c + l, states.get((c * 2 + l) * 2 + 1));
        }
        // the reference: every chunk starts from a fed (constant) state
        Function<Build, Tensor> fixedStates = b -> {
            Tensor x = b.input("x", TInt32.class, 2, 12);
            List<Tensor> outs = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
                for (int l = 0; l < 2; l++) {
                    long w = l == 1 ? 3 : 4;
                    hs.add(b.input("h" + c + l, b.dtype(), 1, 2, w));
                    cs.add(b.input("c" + c + l, b.dtype(), 1, 2, w));
                }
                Tensor chunk = x.slice(1, c * SEQ, (c + 1) * SEQ);
                outs.add(enc.module.encodeChunk(chunk, new AwdLstm.State(hs, cs), startedOf(chunk)).output());
            }
            Tensor pooled = Tensor.tuple(Tensor.cat(outs, 1), enc.padMask(x));
            return Losses.crossEntropy(clas.get(1).apply(pooled).part(0), b.input("y", TInt32.class, 2));
        };
        GradCheck.check(params, feeds, fixedStates);
        try (Engine e = new Engine(TFloat64.class)) {
            Program p = e.program("reference", true, b -> {
                Tensor loss = fixedStates.apply(b);
                Map<Parameter, Tensor> g = b.gradients(loss, params);
                for (int i = 0; i < params.size(); i++) b.output("g" + i, g.get(params.get(i)));
            });
            Program.Outputs out = p.run(feeds);
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(out.get("g" + i), gradReal.get(params.get(i)), 1e-10, params.get(i).name() + ": the encoder's gradient is the detached-state gradient");
            }
        }
        assertTrue(Arrays.stream(gradReal.get(enc.module.encoder.weight)).anyMatch(v -> v != 0), "the gradient reaches the embedding");
    }

    private static Tensor startedOf(Tensor chunk) {
        Tensor first = chunk.slice(1, 0, 1).view(chunk.size(0));
        return first.eq(1).neg().add(1);
    }

    /** The same review alone (2 chunks) and beside a longer one (a whole pad chunk first): the same logits. */
    @Test
    void maskedPoolingIgnoresPaddingExactly() {
        SequentialRNN clas = AwdLstm.textClassifier(9, 2, TINY, 1.0, SEQ, 3 * SEQ);
        clas.eval();
        int[] review = {2, 5, 3, 6, 7};
        int[] alone = PadChunk.pad(List.of(review), SEQ, 1, true, true); // [2 5 3 6][7 p p p]
        int[] beside = PadChunk.pad(List.of(new int[] {2, 4, 4, 5, 6, 7, 8, 3, 3, 4, 5}, review), SEQ, 1, true, true); // row 1: [pppp][2 5 3 6][7 p p p]
        assertEquals(8, alone.length);
        assertEquals(24, beside.length);
        assertEquals(1, beside[12]);
        assertEquals(2, beside[16]);
        try (Engine e = new Engine(TFloat64.class)) {
            Program one = e.program("one", false, b -> b.output("y", clas.apply(b.input("x", TInt32.class, 1, 8)).part(0)));
            Program two = e.program("two", false, b -> b.output("y", clas.apply(b.input("x", TInt32.class, 2, 12)).part(0)));
            double[] a = one.run(Map.of("x", ids(alone, 1, 8))).get("y");
            double[] b2 = two.run(Map.of("x", ids(beside, 2, 12))).get("y");
            assertArrayEquals(a, Arrays.copyOfRange(b2, 2, 4), 1e-12);
        }
    }

    /** Kept chunks are padded in front up to a power of two (capped at the kept count), and that padding changes nothing. */
    @Test
    void shortBatchesArePaddedToFewGraphShapesWithoutChangingTheirLogits() {
        SequentialRNN clas = AwdLstm.textClassifier(9, 2, TINY, 1.0, SEQ, 5 * SEQ);
        SentenceEncoder enc = (SentenceEncoder) clas.get(0);
        int[] graphs = new int[5];
        for (int k = 1; k <= 5; k++) graphs[k - 1] = enc.graphChunks(k);
        assertArrayEquals(new int[] {1, 2, 4, 4, 5}, graphs);
        assertThrows(IllegalArgumentException.class, () -> enc.graphChunks(6));
        clas.eval();
        Batch three = new Batch(ids(THREE_CHUNKS, 2, 3 * SEQ), null);
        Batch four = three.padLeft(SEQ, 1);
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 5, 3, 6, 7, 4, 8, 3, 5, 6, 1, 1}, four.row(0));
        try (Engine e = new Engine(TFloat64.class)) {
            Program p3 = e.program("3", false, b -> b.output("y", clas.apply(b.input("x", TInt32.class, 2, 3 * SEQ)).part(0)));
            Program p4 = e.program("4", false, b -> b.output("y", clas.apply(b.input("x", TInt32.class, 2, 4 * SEQ)).part(0)));
            assertArrayEquals(p3.run(Map.of("x", three.x())).get("y"), p4.run(Map.of("x", four.x())).get("y"), 1e-12);
        }
    }

    @Test
    void maskedConcatPoolIsLastMaxAndMeanOverTheText() {
        // (1, 6, 2) outputs; positions 0-1 and 5 are padding (a pad chunk of 2 before, one pad after)
        double[] out = {9, 9, 9, 9, 1, -2, 3, 5, 2, 0, 8, 8};
        double[] mask = {1, 1, 0, 0, 0, 1};
        var v = Engine.eval(() -> PoolingLinearClassifier.maskedConcatPool(F.tensor(out, 1, 6, 2), F.tensor(mask, 1, 6), 2));
        // last = position 4 (2, 0); max over 2-4 = (3, 5); mean = (2, 1)
        assertArrayEquals(new double[] {2, 0, 3, 5, 2, 1}, v.data(), 1e-6);
    }

    @Test
    void batchNormNormalisesWithTheBatchInTrainingAndTheRunningStatsInEvaluation() {
        BatchNorm1d bn = new BatchNorm1d(2);
        double[] x = {1, 10, 3, 20, 5, 60}; // (3, 2)
        try (Engine e = new Engine(TFloat64.class)) {
            Program train = e.program("train", true, b -> b.output("y", bn.apply(b.input("x", b.dtype(), 3, 2))));
            double[] y = train.run(Map.of("x", x)).get("y");
            // feature 0: mean 3, biased var 8/3; feature 1: mean 30, var (400 + 100 + 900) / 3
            double s0 = Math.sqrt(8.0 / 3 + 1e-5), s1 = Math.sqrt(1400.0 / 3 + 1e-5);
            double[] want = {(1 - 3) / s0 + 1e-3, (10 - 30) / s1 + 1e-3, 1e-3, (20 - 30) / s1 + 1e-3, (5 - 3) / s0 + 1e-3, (60 - 30) / s1 + 1e-3};
            assertArrayEquals(want, y, 1e-9);
            // running statistics: momentum 0.1, unbiased variance
            assertArrayEquals(new double[] {0.3, 3.0}, bn.runningMean.data(), 1e-12);
            assertArrayEquals(new double[] {0.9 + 0.1 * 4, 0.9 + 0.1 * 700}, bn.runningVar.data(), 1e-9);
            bn.eval();
            Program eval = e.program("eval", false, b -> b.output("y", bn.apply(b.input("x", b.dtype(), 3, 2))));
            double[] ye = eval.run(Map.of("x", x)).get("y");
            assertEquals((1 - 0.3) / Math.sqrt(1.3 + 1e-5) + 1e-3, ye[0], 1e-9);
            assertEquals((60 - 3.0) / Math.sqrt(70.9 + 1e-5) + 1e-3, ye[5], 1e-9);
            assertArrayEquals(new double[] {0.3, 3.0}, bn.runningMean.data(), 1e-12, "evaluation leaves the running statistics alone");
        }
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()), "the running statistics are buffers, not trained");
        assertEquals(List.of("runningMean", "runningVar"), List.copyOf(bn.namedBuffers().keySet()));
    }

    @Test
    void batchNormGradientsMatchFiniteDifferences() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Map<String, Object> feeds = Map.of("x", new double[] {0.5, -1, 2, 1.5, 0.3, -0.7, -0.2, 0.9, 1.1, 0.8, -0.4, 0.1});
        GradCheck.check(bn.parameters(), feeds, b -> bn.apply(b.input("x", b.dtype(), 4, 3)).square().mul(F.arange(0, 3).add(1)).mean());
    }

    @Test
    void fastaisClassifierLayerGroupsAndSizes() {
        SequentialRNN clas = AwdLstm.textClassifier(9, 3, TINY, 0.5, SEQ, 5 * SEQ);
        List<List<Parameter>> g = AwdLstm.clasSplit(clas);
        assertEquals(4, g.size(), "embedding, 2 LSTMs, head");
        assertEquals(1, g.get(0).size());
        assertEquals(4, g.get(1).size());
        assertEquals(6, g.get(3).size(), "two BatchNorms (weight, bias) and two bias-free Linears");
        var head = (PoolingLinearClassifier) clas.get(1);
        assertArrayEquals(new long[] {9}, head.bns.get(0).weight.shape(), "BatchNorm over the 3 * emb pooled features");
        assertArrayEquals(new long[] {50}, head.bns.get(1).weight.shape());
        var lin = head.lins;
        assertArrayEquals(new long[] {50, 9}, lin.get(0).weight.shape(), "3 * emb -> 50");
        assertArrayEquals(new long[] {3, 50}, lin.get(1).weight.shape(), "50 -> classes");
        assertEquals(5, ((SentenceEncoder) clas.get(0)).keptChunks());
        var e = assertThrows(IllegalArgumentException.class, () -> AwdLstm.textClassifier(9, 1, TINY, 0.5, SEQ, SEQ));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
    }

    @Test
    void textsNotCutIntoWholeChunksAreRefused() {
        SequentialRNN clas = AwdLstm.textClassifier(9, 2, TINY, 1.0, SEQ, 3 * SEQ);
        try (Engine e = new Engine(TFloat32.class)) {
            var err = assertThrows(IllegalArgumentException.class, () -> e.program("odd", false, b -> clas.apply(b.input("x", TInt32.class, 2, 7))));
            assertTrue(err.getMessage().contains("not a multiple of seqLen 4"), err.getMessage());
            var longer = assertThrows(IllegalArgumentException.class, () -> e.program("long", false, b -> clas.apply(b.input("x", TInt32.class, 2, 16))));
            assertTrue(longer.getMessage().contains("prefix()"), longer.getMessage());
        }
    }
}
