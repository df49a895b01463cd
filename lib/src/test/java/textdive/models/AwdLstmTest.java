package textdive.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.learn.Learner;
import textdive.learn.ModelResetter;
import textdive.learn.RNNRegularizer;
import textdive.nn.Engine;
import textdive.nn.GradCheck;
import textdive.nn.Hidden;
import textdive.nn.Losses;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.Program;
import textdive.nn.Rng;
import textdive.nn.Tensor;

/** fastai's AWD_LSTM + LinearDecoder language model: gradients, sizes, state, initialisation, bad input, a short fit. */
class AwdLstmTest {
    /** vocab 7, emb 3, hidden 4, 2 layers, no dropout, tied weights with an output bias. */
    private static final AwdLstm.Config TINY = new AwdLstm.Config(3, 4, 2, 1, 0, 0, 0, 0, 0, true, true);
    /** No padding token (1) among the inputs: the gradient check needs every row's gradient to be the true one. */
    private static final int[] IDS = {2, 3, 0, 6, 2, 5, 5, 4, 3, 0};
    private static final int[] TARGETS = {3, 0, 6, 2, 5, 4, 4, 1, 0, 2};

    @BeforeEach
    void seed() {
        Rng.seed(3);
    }

    private static IntNdArray batch(int[] v, int bs, int sl) {
        return NdArrays.wrap(Shape.of(bs, sl), DataBuffers.of(v));
    }

    /** A program running {@code model} on (2, 5) token ids "x" and fetching its output "y". */
    private static Program forward(Engine e, String key, boolean training, Module model) {
        return e.program(key, training, b -> b.output("y", model.apply(b.input("x", TInt32.class, 2, 5))));
    }

    private static long lstmParams(long in, long h) {
        return 4 * h * (in + h) + 8 * h;
    }

    @Test
    void tinyLanguageModelGradientsMatchFiniteDifferences() {
        SequentialRNN lm = AwdLstm.languageModel(7, TINY, 1.0);
        Map<String, IntNdArray> feeds = Map.of("x", batch(IDS, 2, 5), "y", batch(TARGETS, 2, 5));
        try (Engine e = new Engine(TFloat64.class)) {
            forward(e, "warm up", false, lm).run(feeds); // a non-zero carried state for the check below
        }
        assertTrue(Arrays.stream(lm.hiddens().get(0).data()).anyMatch(v -> v != 0));
        GradCheck.check(lm.parameters(), feeds, b -> {
            Tensor loss = Losses.crossEntropyFlat().apply(lm.apply(b.input("x", TInt32.class, 2, 5)), b.input("y", TInt32.class, 2, 5));
            for (Hidden h : lm.hiddens()) h.set(h.value(2)); // keep the state fixed across the check's runs
            return loss;
        });
    }

    @Test
    void outputShapesOfEncoderAndLanguageModel() {
        SequentialRNN lm = AwdLstm.languageModel(7, TINY, 1.0);
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("lm", false, b -> {
                Tensor x = b.input("x", TInt32.class, 2, 5);
                Tensor pred = lm.apply(x);
                assertEquals(3, pred.numParts());
                b.output("logits", pred.part(0));
                b.output("raw", pred.part(1));
                b.output("dropped", pred.part(2));
            });
            Program.Outputs out = p.run(Map.of("x", batch(IDS, 2, 5)));
            assertArrayEquals(new long[] {2, 5, 7}, out.shape("logits"));
            assertArrayEquals(new long[] {2, 5, 3}, out.shape("raw"));
            assertArrayEquals(out.get("raw"), out.get("dropped"), "no output dropout in evaluation");
        }
    }

    @Test
    void parameterCountOfFastaisLanguageModelConfig() {
        int vocab = 60;
        SequentialRNN lm = AwdLstm.languageModel(vocab, AwdLstm.Config.LM, 1.0);
        long expected = vocab * 400L + lstmParams(400, 1152) + lstmParams(1152, 1152) + lstmParams(1152, 400) + vocab;
        assertEquals(expected, lm.numParameters());
        AwdLstm enc = (AwdLstm) lm.get(0);
        LinearDecoder dec = (LinearDecoder) lm.get(1);
        assertSame(enc.encoder.weight, dec.decoder.weight, "tied: one variable, two uses");
        assertEquals(1 + 3 * 4 + 1, lm.parameters().size());
        assertEquals(6, lm.hiddens().size());
        AwdLstm.Config half = AwdLstm.Config.LM.dropMult(0.5);
        assertEquals(List.of(0.05, 0.075, 0.125, 0.01, 0.1), List.of(half.outputP(), half.hiddenP(), half.inputP(), half.embedP(), half.weightP()));
        assertEquals(new AwdLstm.Config(8, 16, 2, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true), AwdLstm.Config.LM.withSizes(8, 16, 2));
    }

    @Test
    void initialisationFollowsFastai() {
        AwdLstm enc = new AwdLstm(50, AwdLstm.Config.LM.withSizes(8, 6, 2).dropMult(0));
        double[] w = enc.encoder.weight.data();
        double max = Arrays.stream(w).map(Math::abs).max().orElseThrow();
        assertTrue(max <= 0.1 && max > 0.09, "U(-0.1, 0.1) embedding, max |w| = " + max);
        LinearDecoder untied = new LinearDecoder(50, 8, 0.1, null, true);
        double maxDec = Arrays.stream(untied.decoder.weight.data()).map(Math::abs).max().orElseThrow();
        assertTrue(maxDec <= 0.1 && maxDec > 0.09, "U(-0.1, 0.1) decoder, max |w| = " + maxDec);
        assertTrue(Arrays.stream(untied.decoder.bias.data()).allMatch(v -> v == 0), "zero bias");
        assertFalse(untied.decoder.bias.weightDecay());
        assertNull(new LinearDecoder(50, 8, 0.1, enc.encoder, false).decoder.bias);
        assertThrows(IllegalArgumentException.class, () -> new LinearDecoder(50, 6, 0.1, enc.encoder, true));
    }

    @Test
    void hiddenStateIsCarriedAcrossBatchesAndZeroedByReset() {
        SequentialRNN lm = AwdLstm.languageModel(7, TINY, 1.0);
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = forward(e, "lm", false, lm);
            Map<String, IntNdArray> feeds = Map.of("x", batch(IDS, 2, 5));
            double[] first = p.run(feeds).get("y");
            for (Hidden h : lm.hiddens()) assertTrue(Arrays.stream(h.data()).anyMatch(v -> v != 0), "state kept after a batch");
            double[] second = p.run(feeds).get("y");
            assertFalse(Arrays.equals(first, second), "the second batch starts from the first one's state");
            lm.reset();
            for (Hidden h : lm.hiddens()) assertTrue(Arrays.stream(h.data()).allMatch(v -> v == 0), "reset zeroes the state");
            assertArrayEquals(first, p.run(feeds).get("y"), 0);
        }
    }

    @Test
    void dropoutsActOnlyInTraining() {
        AwdLstm.Config noisy = new AwdLstm.Config(3, 4, 2, 1, 0.5, 0.5, 0.5, 0.5, 0.5, true, true);
        SequentialRNN lm = AwdLstm.languageModel(7, noisy, 1.0);
        Map<String, IntNdArray> feeds = Map.of("x", batch(IDS, 2, 5));
        try (Engine e = new Engine(TFloat32.class)) {
            double[] eval = forward(e, "eval", false, lm).run(feeds).get("y");
            lm.reset();
            Program train = forward(e, "train", true, lm);
            double[] t1 = train.run(feeds).get("y");
            lm.reset();
            double[] t2 = train.run(feeds).get("y");
            assertFalse(Arrays.equals(eval, t1), "dropout changes the training output");
            assertFalse(Arrays.equals(t1, t2), "fresh masks for every batch");
            lm.eval();
            lm.reset();
            assertArrayEquals(eval, forward(e, "eval module", true, lm).run(feeds).get("y"), 1e-6, "a model in eval mode is the plain model");
        }
    }

    @Test
    void badInputGivesClearErrors() {
        AwdLstm enc = new AwdLstm(7, TINY);
        try (Engine e = new Engine(TFloat32.class)) {
            var rank = assertThrows(IllegalArgumentException.class, () -> e.program("rank", false, b -> enc.apply(b.input("x", TInt32.class, 2, 5, 1))));
            assertTrue(rank.getMessage().contains("expects integer token ids (bs, sl)"), rank.getMessage());
            var floats = assertThrows(IllegalArgumentException.class, () -> e.program("float", false, b -> enc.apply(b.input("x", TFloat32.class, 2, 5))));
            assertTrue(floats.getMessage().contains("integer token ids"), floats.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new AwdLstm(7, AwdLstm.Config.LM.withSizes(3, 4, 0)));
        assertThrows(IllegalArgumentException.class, () -> new AwdLstm(7, AwdLstm.Config.LM.withSizes(3, 4, 2).dropMult(50)));
    }

    /**
     * The carried state follows the batch size as fastai's {@code _change_hidden}: a larger batch continues the old rows
     * and starts the new ones from zero, a smaller one keeps the first rows (the last partial batch, one text for generation).
     */
    @Test
    void theCarriedStateFollowsTheBatchSize() {
        SequentialRNN lm = AwdLstm.languageModel(7, TINY, 1.0);
        int[] next3 = {4, 1, 6, 0, 2, 3, 3, 5, 2, 6, 0, 4, 2, 1, 5};
        try (Engine e = new Engine(TFloat64.class)) {
            Program two = forward(e, "bs 2", false, lm);
            Program three = e.program("bs 3", false, b -> b.output("y", lm.apply(b.input("x", TInt32.class, 3, 5))));
            Program one = e.program("bs 1", false, b -> b.output("y", lm.apply(b.input("x", TInt32.class, 1, 5))));
            two.run(Map.of("x", batch(IDS, 2, 5)));
            double[] stateAfterFirst = lm.hiddens().get(0).data();
            double[] grown = three.run(Map.of("x", batch(next3, 3, 5))).get("y");
            // rows 0 and 1 continue the old state: the same as a batch of 2 from that state
            lm.hiddens().forEach(Hidden::reset);
            two.run(Map.of("x", batch(IDS, 2, 5)));
            assertArrayEquals(stateAfterFirst, lm.hiddens().get(0).data());
            double[] cont = two.run(Map.of("x", batch(Arrays.copyOf(next3, 10), 2, 5))).get("y");
            assertArrayEquals(cont, Arrays.copyOf(grown, cont.length), 1e-12);
            // row 2 starts from zeros: the same as that row alone after a reset
            lm.reset();
            double[] fresh = one.run(Map.of("x", batch(Arrays.copyOfRange(next3, 10, 15), 1, 5))).get("y");
            assertArrayEquals(fresh, Arrays.copyOfRange(grown, cont.length, grown.length), 1e-12);
            // shrinking keeps the first row
            lm.reset();
            two.run(Map.of("x", batch(IDS, 2, 5)));
            double[] firstRow = one.run(Map.of("x", batch(Arrays.copyOf(next3, 5), 1, 5))).get("y");
            assertArrayEquals(Arrays.copyOf(cont, firstRow.length), firstRow, 1e-12);
        }
    }

    /** Six epochs of fitOneCycle on counting sequences (vocab 6); returns [valid loss before, valid loss after, train losses...]. */
    private static List<Double> shortFit(long seed) {
        Rng.seed(seed);
        int vocab = 6, sl = 8;
        List<Item> items = IntStream.range(0, 40).mapToObj(i -> Item.of(
                IntStream.range(0, sl).map(k -> (i + k) % vocab).toArray(), IntStream.range(1, sl + 1).map(k -> (i + k) % vocab).toArray())).toList();
        DataLoaders dls = ItemDataLoader.dsets(items.subList(0, 32), items.subList(32, 40)).bs(8).shuffle(false).dropLast(true).build();
        AwdLstm.Config cfg = new AwdLstm.Config(8, 16, 2, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true);
        SequentialRNN lm = AwdLstm.languageModel(vocab, cfg, 0.5);
        try (Learner learn = new Learner(dls, lm, Losses.crossEntropyFlat(), List.of(), List.of(new ModelResetter(), new RNNRegularizer(2, 1)))) {
            learn.recorder().silent(true);
            List<Double> out = new ArrayList<>();
            out.add(learn.validate()[0]);
            learn.fitOneCycle(10, 5e-2);
            out.add(learn.validate()[0]);
            out.addAll(learn.recorder().losses());
            return out;
        }
    }

    @Test
    void aShortFitLowersTheValidationLossAndRepeatsWithTheSeed() {
        List<Double> a = shortFit(4);
        double before = a.get(0), after = a.get(1);
        System.out.println("AwdLstm fit: validation loss " + before + " -> " + after);
        assertTrue(after < 0.8 * before, "validation loss " + before + " -> " + after);
        assertEquals(a, shortFit(4), "the same seed gives the same run, dropout masks included");
    }

    @Test
    void parametersHaveFastaiNames() {
        AwdLstm enc = new AwdLstm(7, TINY);
        Map<String, Parameter> ps = enc.namedParameters();
        assertEquals(List.of("encoder.weight", "rnns.0.module.weightIh.0", "rnns.0.module.weightHh.0", "rnns.0.module.biasIh.0", "rnns.0.module.biasHh.0",
                "rnns.1.module.weightIh.0", "rnns.1.module.weightHh.0", "rnns.1.module.biasIh.0", "rnns.1.module.biasHh.0"), List.copyOf(ps.keySet()));
        assertArrayEquals(new long[] {4 * 4, 3}, ps.get("rnns.0.module.weightIh.0").shape(), "emb -> hidden");
        assertArrayEquals(new long[] {4 * 3, 4}, ps.get("rnns.1.module.weightIh.0").shape(), "the last layer maps back to the embedding size");
        assertArrayEquals(new long[] {4 * 3, 3}, ps.get("rnns.1.module.weightHh.0").shape());
    }
}
