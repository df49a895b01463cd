package textdive.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import textdive.io.torch.TorchTensor;
import textdive.nn.Embedding;
import textdive.nn.EmbeddingDropout;
import textdive.nn.Engine;
import textdive.nn.F;
import textdive.nn.GradCheck;
import textdive.nn.LSTM;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.Program;
import textdive.nn.RNNDropout;
import textdive.nn.RnnOutput;
import textdive.nn.Rng;
import textdive.nn.Tensor;
import textdive.nn.TensorValue;
import textdive.nn.WeightDropout;

/**
 * fastai's own tests of its AWD-LSTM and text models, ported: the {@code test_eq} / {@code test_close} / {@code assert}
 * cells of fastai/fastai {@code nbs/32_text.models.awdlstm.ipynb} and {@code nbs/33_text.models.core.ipynb}, read at
 * commit 015931b8ee05df76bafbb7ce43326677e5e340e6, and {@code match_embeds} from {@code nbs/37_text.learner.ipynb}. Where fastai draws random inputs, a seeded draw stands in; where it
 * checks a random mask, the property it asserts is checked. fastai's tensors are sequence-first in its bare
 * {@code nn.LSTM} cell; ours are batch-first. Our {@link SentenceEncoder} reads whole chunks only (its graphs have
 * static shapes, and the classifier loaders pad to whole chunks), so fastai's texts of 14 tokens and its one column
 * of padding become whole chunks here; it wraps an {@link AwdLstm}, where fastai's cell uses a bare embedding.
 */
class FastaiTextModelsCasesTest {
    @BeforeEach
    void seed() {
        Rng.seed(5);
    }

    private static IntNdArray ids(int[] v, int bs, int sl) {
        return NdArrays.wrap(Shape.of(bs, sl), DataBuffers.of(v));
    }

    private static int[] randint(int lo, int hi, int n, long seed) {
        Random r = new Random(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = lo + r.nextInt(hi - lo);
        return v;
    }

    // ---- 32_text.models.awdlstm: dropouts ----

    @Test
    void dropoutMaskShapeAndValues() {
        TensorValue t = Engine.eval(() -> F.dropoutMask(new long[] {4, 3}, 0.25));
        assertArrayEquals(new long[] {4, 3}, t.shape());
        for (double v : t.data()) assertTrue(v == 0 || Math.abs(v - 4.0 / 3) < 1e-6, "mask value " + v);
    }

    /** fastai: RNNDropout(0.3) on (4, 3, 7), and on a sequence of images (4, 10, 3, 32, 32): one mask for every time step. */
    @Test
    void rnnDropoutIsConstantAlongTheSequence() {
        RNNDropout dp = new RNNDropout(0.3);
        for (long[] shape : List.of(new long[] {4, 3, 7}, new long[] {4, 10, 3, 32, 32})) {
            int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] x = GradCheck.randn(n, 7);
            double[] y;
            try (Engine e = new Engine(TFloat64.class)) {
                y = e.program("dp", true, b -> b.output("y", dp.apply(b.input("x", TFloat64.class, shape)))).run(Map.of("x", x)).get("y");
            }
            int sl = (int) shape[1], inner = n / (int) shape[0] / sl;
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < inner; j++) {
                    boolean dropped = y[i * sl * inner + j] == 0;
                    for (int t = 0; t < sl; t++) {
                        int at = (i * sl + t) * inner + j;
                        assertEquals(dropped ? 0 : x[at] / (1 - 0.3), y[at], 1e-12, Arrays.toString(shape) + " at " + i + ", " + t + ", " + j);
                    }
                }
            }
        }
    }

    /** A WeightDropout that shows the mask it drew, so the test can look at it in the same graph. */
    private static final class Showing extends WeightDropout {
        Tensor last;

        Showing(LSTM lstm, double p) {
            super(lstm, p);
        }

        @Override
        protected Tensor mask(long[] shape) {
            last = super.mask(shape);
            return last;
        }
    }

    /** fastai: WeightDropout(LSTM(5, 7), 0.4) on 20 sequences of 10 steps; the raw weights stay, about 40 % of the used ones are 0. */
    @Test
    void weightDropoutKeepsTheRawWeightsAndTheirGradientsFollowTheMask() {
        LSTM module = new LSTM(5, 7, 1);
        Showing dpModule = new Showing(module, 0.4);
        Parameter raw = module.weightHh.get(0);
        double[] wgts = raw.data();
        Program.Outputs out;
        try (Engine e = new Engine(TFloat64.class)) {
            out = e.program("wd", true, b -> {
                RnnOutput o = dpModule.apply(b.input("x", TFloat64.class, 20, 10, 5), b.zeros(1, 20, 7), b.zeros(1, 20, 7));
                b.output("mask", dpModule.last);
                b.output("grad", b.gradients(o.output().sum(), List.of(raw)).get(raw));
            }).run(Map.of("x", GradCheck.randn(20 * 10 * 5, 8)));
        }
        assertArrayEquals(wgts, raw.data(), 0, "the raw weights are untouched");
        double[] mask = out.get("mask"), grad = out.get("grad");
        assertEquals(wgts.length, mask.length);
        long zeros = Arrays.stream(mask).filter(v -> v == 0).count();
        assertTrue(zeros >= 0.2 * mask.length && zeros <= 0.6 * mask.length, zeros + " of " + mask.length + " dropped");
        assertTrue(Arrays.stream(grad).anyMatch(g -> g != 0), "the raw weights get a gradient");
        for (int i = 0; i < mask.length; i++) if (mask[i] == 0) assertEquals(0, grad[i], 0, "a dropped weight gets no gradient, at " + i);
    }

    @Test
    void embeddingDropoutDropsWholeVectorsOrDoublesThem() {
        Embedding enc = new Embedding(10, 7, 1);
        EmbeddingDropout encDp = new EmbeddingDropout(enc, 0.5);
        int[] tstInp = randint(0, 10, 8, 9);
        double[] w = enc.weight.data();
        double[] out;
        try (Engine e = new Engine(TFloat64.class)) {
            out = e.program("ed", true, b -> b.output("y", encDp.apply(b.input("x", TInt32.class, 8)))).run(Map.of("x", tstInp)).get("y");
        }
        for (int i = 0; i < 8; i++) {
            double[] row = Arrays.copyOfRange(out, i * 7, i * 7 + 7);
            boolean zero = Arrays.stream(row).allMatch(v -> v == 0), doubled = true;
            for (int d = 0; d < 7; d++) doubled &= Math.abs(row[d] - 2 * w[tstInp[i] * 7 + d]) < 1e-12;
            assertTrue(zero || doubled, "row " + i);
        }
    }

    // ---- 32_text.models.awdlstm: AWD_LSTM ----

    /** fastai's {@code AWD_LSTM(100, 20, 10, 2, hidden_p=0.2, embed_p=0.02, input_p=0.1, weight_p=0.2)}. */
    private static final AwdLstm.Config TST = new AwdLstm.Config(20, 10, 2, 1, 0, 0.2, 0.1, 0.02, 0.2, true, true);

    @Test
    void awdLstmShapesHiddenStateAndBatchSizeChange() {
        AwdLstm tst = new AwdLstm(100, TST);
        int[] x = randint(0, 100, 50, 1);
        try (Engine e = new Engine(TFloat64.class)) {
            Program.Outputs out = e.program("train", true, b -> b.output("r", tst.apply(b.input("x", TInt32.class, 10, 5)))).run(Map.of("x", ids(x, 10, 5)));
            assertEquals(2, tst.h.size());
            assertArrayEquals(new long[] {1, 10, 10}, tst.h.get(0).shape(10));
            assertEquals(1 * 10 * 10, tst.h.get(0).data().length);
            assertEquals(1 * 10 * 10, tst.c.get(0).data().length);
            assertEquals(1 * 10 * 20, tst.h.get(1).data().length);
            assertEquals(1 * 10 * 20, tst.c.get(1).data().length);
            assertArrayEquals(new long[] {10, 5, 20}, out.shape("r"));
            double[] r = out.get("r"), h = tst.h.get(1).data();
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(Arrays.copyOfRange(h, i * 20, i * 20 + 20), Arrays.copyOfRange(r, (i * 5 + 4) * 20, (i * 5 + 5) * 20), 0,
                        "the last layer's hidden state is its output at the last time step, row " + i);
            }
            tst.eval();
            tst.reset();
            Program eval = e.program("eval", false, b -> b.output("r", tst.apply(b.input("x", TInt32.class, 10, 5))));
            eval.run(Map.of("x", ids(x, 10, 5)));
            eval.run(Map.of("x", ids(x, 10, 5)));
            e.program("bs 6", false, b -> b.output("r", tst.apply(b.input("x", TInt32.class, 6, 5)))).run(Map.of("x", ids(randint(0, 100, 30, 2), 6, 5)));
            assertEquals(1 * 6 * 10, tst.h.get(0).data().length, "the state follows the batch size");
        }
    }

    @Test
    void fastaisConfigs() {
        assertEquals(new AwdLstm.Config(400, 1152, 3, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true), AwdLstm.Config.LM, "awd_lstm_lm_config");
        AwdLstm.Config c = AwdLstm.Config.CLAS;
        assertEquals(List.of(400, 1152, 3, 1), List.of(c.embSz(), c.nHid(), c.nLayers(), c.padToken()), "awd_lstm_clas_config sizes");
        assertEquals(List.of(0.4, 0.3, 0.4, 0.05, 0.5), List.of(c.outputP(), c.hiddenP(), c.inputP(), c.embedP(), c.weightP()), "awd_lstm_clas_config dropouts");
    }

    /** {@code awd_lstm_lm_split}: one group per LSTM, then the embedding with the (tied) decoder. */
    @Test
    void lmSplitGroups() {
        SequentialRNN lm = AwdLstm.languageModel(100, AwdLstm.Config.LM.withSizes(20, 10, 3), 1.0);
        AwdLstm enc = (AwdLstm) lm.get(0);
        LinearDecoder dec = (LinearDecoder) lm.get(1);
        List<List<Parameter>> groups = AwdLstm.lmSplit(lm);
        assertEquals(4, groups.size());
        for (int l = 0; l < 3; l++) assertEquals(enc.rnns.get(l).parameters(), groups.get(l));
        assertEquals(List.of(enc.encoder.weight, dec.decoder.bias), groups.get(3), "the tied weight once, and the decoder's bias");
    }

    // ---- 33_text.models.core ----

    @Test
    void linearDecoderOnAnEncoderAndTiedToIt() {
        AwdLstm enc = new AwdLstm(100, new AwdLstm.Config(20, 10, 2, 1, 0.1, 0.2, 0.6, 0.1, 0.5, false, true));
        LinearDecoder tst = new LinearDecoder(100, 20, 0.1, null, true);
        try (Engine e = new Engine(TFloat64.class)) {
            Program.Outputs out = e.program("dec", true, b -> {
                Tensor r = enc.apply(b.input("x", TInt32.class, 10, 5));
                Tensor y = tst.apply(r);
                b.output("r", r);
                b.output("y0", y.part(0));
                b.output("y1", y.part(1));
                b.output("y2", y.part(2));
            }).run(Map.of("x", ids(randint(0, 100, 50, 3), 10, 5)));
            assertArrayEquals(out.get("r"), out.get("y1"), 0);
            assertArrayEquals(out.shape("r"), out.shape("y2"));
            assertArrayEquals(new long[] {10, 5, 100}, out.shape("y0"));
        }
        assertSame(enc.encoder.weight, new LinearDecoder(100, 20, 0.1, enc.encoder, true).decoder.weight);
    }

    private static final class Resettable extends Module {
        int resets;

        @Override
        public void reset() {
            resets++;
        }
    }

    @Test
    void sequentialRnnResetsEveryChild() {
        Resettable a = new Resettable(), b = new Resettable();
        new SequentialRNN(a, b).reset();
        assertEquals(List.of(1, 1), List.of(a.resets, b.resets));
    }

    /** fastai's {@code get_language_model(AWD_LSTM, 100, config)} with {@code n_hid=10, emb_sz=20}, and with {@code drop_mult=0.5}. */
    @Test
    void getLanguageModel() {
        AwdLstm.Config config = AwdLstm.Config.LM.withSizes(20, 10, 3);
        SequentialRNN tst = AwdLstm.languageModel(100, config, 1.0);
        try (Engine e = new Engine(TFloat64.class)) {
            Program.Outputs out = e.program("lm", true, b -> {
                Tensor y = tst.apply(b.input("x", TInt32.class, 10, 5));
                for (int i = 0; i < 3; i++) b.output("y" + i, y.part(i));
            }).run(Map.of("x", ids(randint(0, 100, 50, 4), 10, 5)));
            assertArrayEquals(new long[] {10, 5, 100}, out.shape("y0"));
            assertArrayEquals(new long[] {10, 5, 20}, out.shape("y1"));
            assertArrayEquals(new long[] {10, 5, 20}, out.shape("y2"));
        }
        assertSame(((AwdLstm) tst.get(0)).encoder.weight, ((LinearDecoder) tst.get(1)).decoder.weight);

        SequentialRNN half = AwdLstm.languageModel(100, config, 0.5);
        AwdLstm enc = (AwdLstm) half.get(0);
        assertEquals(config.outputP() * 0.5, ((LinearDecoder) half.get(1)).outputDp.p());
        assertDropouts(enc, config, 0.5);
    }

    private static void assertDropouts(AwdLstm enc, AwdLstm.Config config, double mult) {
        for (WeightDropout rnn : enc.rnns) assertEquals(config.weightP() * mult, rnn.weightP());
        for (RNNDropout dp : enc.hiddenDps) assertEquals(config.hiddenP() * mult, dp.p());
        assertEquals(config.embedP() * mult, enc.encoderDp.embedP());
        assertEquals(config.inputP() * mult, enc.inputDp.p());
    }

    /** fastai: {@code SentenceEncoder(5, mod, pad_idx=0)} on 3 texts of 15 tokens, the third starting after a chunk of padding. */
    @Test
    void sentenceEncoderReadsChunksAndMasksThePadding() {
        AwdLstm mod = new AwdLstm(5, new AwdLstm.Config(10, 6, 2, 0, 0, 0, 0, 0, 0, false, false));
        mod.eval();
        SentenceEncoder tst = new SentenceEncoder(5, mod, 0, 15);
        int[] x = randint(1, 5, 45, 5);
        Arrays.fill(x, 30, 35, 0);
        try (Engine e = new Engine(TFloat64.class)) {
            Program se = e.program("se", false, b -> {
                Tensor o = tst.apply(b.input("x", TInt32.class, 3, 15));
                b.output("out", o.part(0));
                b.output("mask", o.part(1));
            });
            Program whole = e.program("whole", false, b -> b.output("y", mod.apply(b.input("x", TInt32.class, 2, 15))));
            Program third = e.program("third", false, b -> b.output("y", mod.apply(b.input("x", TInt32.class, 1, 10))));
            mod.reset();
            Program.Outputs out = se.run(Map.of("x", ids(x, 3, 15)));
            mod.reset();
            double[] first2 = whole.run(Map.of("x", ids(Arrays.copyOf(x, 30), 2, 15))).get("y");
            mod.reset();
            double[] row2 = third.run(Map.of("x", ids(Arrays.copyOfRange(x, 35, 45), 1, 10))).get("y");
            double[] o = out.get("out");
            assertArrayEquals(new long[] {3, 15, 10}, out.shape("out"));
            assertArrayEquals(first2, Arrays.copyOf(o, 300), 1e-12, "rows that start at once: the encoder over the whole text");
            assertArrayEquals(new double[50], Arrays.copyOfRange(o, 300, 350), 0, "a row's padding chunk gives zeros");
            assertArrayEquals(row2, Arrays.copyOfRange(o, 350, 450), 1e-12, "a row starting later: the encoder from a zero state");
            double[] mask = out.get("mask");
            for (int i = 0; i < x.length; i++) assertEquals(x[i] == 0 ? 1 : 0, mask[i], 0, "mask == (x == 0) at " + i);
        }
    }

    /** fastai's {@code masked_concat_pool} cell: 2 texts of 4 steps, 5 features, bptt 2. */
    @Test
    void maskedConcatPoolOnGivenTensors() {
        double[] out = GradCheck.randn(40, 11);
        double[] mask = {1, 1, 0, 0, 0, 0, 0, 1};
        double[] x = Engine.eval(() -> PoolingLinearClassifier.maskedConcatPool(F.tensor(out, 2, 4, 5), F.tensor(mask, 2, 4), 2)).data();
        for (int f = 0; f < 5; f++) {
            assertEquals(out[(0 * 4 + 3) * 5 + f], x[f], 1e-6, "x[0,:5] == out[0,-1]");
            assertEquals(out[(1 * 4 + 2) * 5 + f], x[15 + f], 1e-6, "x[1,:5] == out[1,-2]");
            assertEquals(Math.max(out[(0 * 4 + 2) * 5 + f], out[(0 * 4 + 3) * 5 + f]), x[5 + f], 1e-6, "max over out[0,2:]");
            double m1 = Math.max(Math.max(out[20 + f], out[25 + f]), out[30 + f]);
            assertEquals(m1, x[20 + f], 1e-6, "max over out[1,:3]");
            assertEquals((out[10 + f] + out[15 + f]) / 2, x[10 + f], 1e-6, "mean over out[0,2:]");
            assertEquals((out[20 + f] + out[25 + f] + out[30 + f]) / 3, x[25 + f], 1e-6, "mean over out[1,:3]");
        }
        // the result does not depend on what the padded positions hold
        double[] out1 = GradCheck.randn(40, 12);
        System.arraycopy(out, 10, out1, 10, 10);
        System.arraycopy(out, 20, out1, 20, 15);
        double[] x1 = Engine.eval(() -> PoolingLinearClassifier.maskedConcatPool(F.tensor(out1, 2, 4, 5), F.tensor(mask, 2, 4), 2)).data();
        assertArrayEquals(x, x1, 0);
    }

    /** fastai: {@code SentenceEncoder} then {@code PoolingLinearClassifier([10*3, 4], [0.], 5)}; padding after the texts changes nothing. */
    @Test
    void sentenceEncoderWithPoolingClassifier() {
        AwdLstm mod = new AwdLstm(5, new AwdLstm.Config(10, 6, 2, 0, 0, 0, 0, 0, 0, false, false));
        SequentialRNN tst = new SequentialRNN(new SentenceEncoder(5, mod, 0, 15), new PoolingLinearClassifier(new int[] {30, 4}, new double[] {0}, 5));
        tst.eval();
        int[] x = randint(1, 5, 30, 6);
        Arrays.fill(x, 20, 25, 0);
        int[] x1 = new int[45];
        for (int r = 0; r < 3; r++) System.arraycopy(x, r * 10, x1, r * 15, 10);
        try (Engine e = new Engine(TFloat64.class)) {
            Program.Outputs out = e.program("10", false, b -> {
                Tensor y = tst.apply(b.input("x", TInt32.class, 3, 10));
                b.output("res", y.part(0));
                b.output("raw", y.part(1));
                b.output("out", y.part(2));
            }).run(Map.of("x", ids(x, 3, 10)));
            assertArrayEquals(new long[] {3, 4}, out.shape("res"));
            assertArrayEquals(out.get("raw"), out.get("out"), 0);
            tst.reset();
            double[] res1 = e.program("15", false, b -> b.output("res", tst.apply(b.input("x", TInt32.class, 3, 15)).part(0))).run(Map.of("x", ids(x1, 3, 15))).get("res");
            assertArrayEquals(out.get("res"), res1, 1e-12);
        }
    }

    /** fastai's {@code get_text_classifier(AWD_LSTM, 100, 3, config)} with {@code n_hid=10, emb_sz=20} (seq_len 5 here: whole chunks). */
    @Test
    void getTextClassifier() {
        AwdLstm.Config config = AwdLstm.Config.CLAS.withSizes(20, 10, 3);
        SequentialRNN tst = AwdLstm.textClassifier(100, 3, config, 1.0, 5, 5 * 20);
        int[] x = randint(2, 100, 50, 7);
        try (Engine e = new Engine(TFloat64.class)) {
            Program.Outputs out = e.program("train", true, b -> {
                Tensor y = tst.apply(b.input("x", TInt32.class, 10, 5));
                for (int i = 0; i < 3; i++) b.output("y" + i, y.part(i));
            }).run(Map.of("x", ids(x, 10, 5)));
            assertArrayEquals(new long[] {10, 3}, out.shape("y0"));
            assertArrayEquals(new long[] {10, 5, 20}, out.shape("y1"));
            assertArrayEquals(new long[] {10, 5, 20}, out.shape("y2"));

            // padding gives the same results: a chunk more, real for the first text only
            tst.eval();
            int[] x1 = new int[100];
            Arrays.fill(x1, 1);
            for (int r = 0; r < 10; r++) System.arraycopy(x, r * 5, x1, r * 10, 5);
            x1[5] = 2;
            tst.reset();
            double[] y = e.program("5", false, b -> b.output("y", tst.apply(b.input("x", TInt32.class, 10, 5)).part(0))).run(Map.of("x", ids(x, 10, 5))).get("y");
            tst.reset();
            double[] y1 = e.program("10", false, b -> b.output("y", tst.apply(b.input("x", TInt32.class, 10, 10)).part(0))).run(Map.of("x", ids(x1, 10, 10))).get("y");
            assertArrayEquals(Arrays.copyOfRange(y, 3, 30), Arrays.copyOfRange(y1, 3, 30), 1e-12);
        }

        SequentialRNN half = AwdLstm.textClassifier(100, 3, config, 0.5, 5, 5 * 20);
        PoolingLinearClassifier head = (PoolingLinearClassifier) half.get(1);
        assertEquals(0.1, head.drops.get(1).p(), "the head's inner dropout is not scaled");
        assertEquals(config.outputP() * 0.5, head.drops.get(0).p());
        assertDropouts(((SentenceEncoder) half.get(0)).module, config, 0.5);
    }

    // ---- 37_text.learner: match_embeds ----

    /**
     * fastai's {@code match_embeds} cells: rows of the old embedding (and decoder bias) in the new vocab's order, the
     * mean row for a new word. fastai's cell pairs 5 rows with a vocab of 3 words; ours refuses a vocab whose length is
     * not the number of rows (a vocab file of another model), so the old vocab here names all 5.
     */
    @Test
    void matchEmbeds() {
        double[] old = GradCheck.randn(15, 13), oldB = GradCheck.randn(5, 14);
        float[] w = new float[15], b = new float[5];
        for (int i = 0; i < 15; i++) w[i] = (float) old[i];
        for (int i = 0; i < 5; i++) b[i] = (float) oldB[i];
        List<String> oldVocab = List.of("a", "b", "c", "x", "y"), newVocab = List.of("a", "c", "d", "b");
        for (boolean withBias : new boolean[] {false, true}) {
            Map<String, TorchTensor> wgts = new LinkedHashMap<>();
            wgts.put("0.encoder.weight", TorchTensor.of(w, 5, 3));
            if (withBias) wgts.put("1.decoder.bias", TorchTensor.of(b, 5));
            Map<String, TorchTensor> m = FastaiWeights.matchEmbeds(wgts, oldVocab, newVocab, "test");
            float[] nw = m.get("0.encoder.weight").floats();
            int[] from = {0, 2, -1, 1};
            for (int i = 0; i < 4; i++) {
                for (int d = 0; d < 3; d++) {
                    double mean = 0;
                    for (int r = 0; r < 5; r++) mean += w[r * 3 + d];
                    assertEquals(from[i] >= 0 ? w[from[i] * 3 + d] : (float) (mean / 5), nw[i * 3 + d], 1e-7, "row " + i + ", bias " + withBias);
                }
            }
            assertArrayEquals(nw, m.get("1.decoder.weight").floats(), 0, "the decoder gets the same matrix");
            if (withBias) {
                float[] nb = m.get("1.decoder.bias").floats();
                double meanB = 0;
                for (float v : b) meanB += v;
                for (int i = 0; i < 4; i++) assertEquals(from[i] >= 0 ? b[from[i]] : (float) (meanB / 5), nb[i], 1e-7, "bias " + i);
            }
        }
    }
}
