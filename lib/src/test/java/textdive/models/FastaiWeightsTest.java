package textdive.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import textdive.io.CorruptFileException;
import textdive.io.torch.TorchFiles;
import textdive.io.torch.TorchTensor;
import textdive.nn.Engine;
import textdive.nn.Program;

/** fastai's AWD-LSTM weights loaded by name: PyTorch's forward pass reproduced, vocab remapping, bad files named. */
class FastaiWeightsTest {
    private static final AwdLstm.Config TINY = AwdLstm.Config.LM.withSizes(4, 6, 3);

    static Path fixture(String name) {
        return textdive.io.torch.TorchFixtures.path(name);
    }

    private static JsonObject expected() throws IOException {
        return JsonParser.parseString(Files.readString(fixture("awd_tiny_expected.json"))).getAsJsonObject();
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }

    /** The logits of the fixture's two consecutive batches, the state carried from the first to the second. */
    private static void assertForwardEqualsPyTorch(String file) throws IOException {
        JsonObject exp = expected();
        SequentialRNN lm = AwdLstm.languageModel(12, TINY, 0);
        FastaiWeights.load(lm, TorchFiles.stateDict(fixture(file)), file);
        lm.eval();
        lm.reset();
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("lm", false, b -> b.output("y", lm.apply(b.input("x", TInt32.class, 2, 5)).part(0)));
            for (int k = 0; k < 2; k++) {
                int[] ids = ints(exp.getAsJsonArray("batches").get(k).getAsJsonArray());
                double[] got = p.run(Map.of("x", NdArrays.wrap(Shape.of(2, 5), DataBuffers.of(ids)))).get("y");
                assertArrayEquals(doubles(exp.getAsJsonArray("logits").get(k).getAsJsonArray()), got, 1e-5, file + ", batch " + k);
            }
        }
    }

    @Test
    void aFastaiStateDictGivesPyTorchsOutputs() throws IOException {
        assertForwardEqualsPyTorch("awd_tiny_v2.pth");
    }

    @Test
    void fastaiV1sLegacyFileWithItsExtraCopiesGivesTheSameOutputs() throws IOException {
        assertForwardEqualsPyTorch("awd_tiny_v1_legacy.pth");
    }

    @Test
    void ourStateDictRoundTripsUnderFastaisNames() throws IOException {
        SequentialRNN lm = AwdLstm.languageModel(12, TINY, 0);
        Map<String, TorchTensor> sd = TorchFiles.stateDict(fixture("awd_tiny_v2.pth"));
        FastaiWeights.load(lm, sd, "fixture");
        Map<String, TorchTensor> back = FastaiWeights.stateDict(lm);
        assertEquals(sd.keySet(), back.keySet());
        for (var e : sd.entrySet()) assertArrayEquals(e.getValue().floats(), back.get(e.getKey()).floats(), e.getKey());
        AwdLstm enc = new AwdLstm(12, TINY);
        FastaiWeights.loadEncoder(enc, FastaiWeights.encoderStateDict(FastaiWeights.encoderOf(lm)), "encoder");
        assertArrayEquals(FastaiWeights.encoderOf(lm).encoder.weight.data(), enc.encoder.weight.data());
    }

    @Test
    void matchEmbedsGivesTheMeanRowExactlyWhereAWordIsMissing() throws IOException {
        Map<String, TorchTensor> sd = TorchFiles.stateDict(fixture("awd_tiny_v2.pth"));
        @SuppressWarnings("unchecked")
        List<String> old = (List<String>) TorchFiles.loadPickle(fixture("awd_tiny_itos.pkl"));
        List<String> fresh = List.of("xxunk", "xxpad", "film", "good", "the", "great");
        Map<String, TorchTensor> m = FastaiWeights.matchEmbeds(sd, old, fresh, "fixture");
        float[] w = sd.get("0.encoder.weight").floats(), b = sd.get("1.decoder.bias").floats();
        float[] nw = m.get("0.encoder.weight").floats(), nb = m.get("1.decoder.bias").floats();
        assertArrayEquals(new long[] {6, 4}, m.get("0.encoder.weight").shape());
        double[] mean = new double[4];
        double meanB = 0;
        for (int r = 0; r < 12; r++) {
            for (int d = 0; d < 4; d++) mean[d] += w[r * 4 + d] / 12.0;
            meanB += b[r] / 12.0;
        }
        int[] from = {0, 1, -1, 11, 9, -1};
        for (int i = 0; i < 6; i++) {
            for (int d = 0; d < 4; d++) {
                float want = from[i] >= 0 ? w[from[i] * 4 + d] : (float) mean[d];
                assertEquals(want, nw[i * 4 + d], 0, "row " + i + " (" + fresh.get(i) + ")");
            }
            assertEquals(from[i] >= 0 ? b[from[i]] : (float) meanB, nb[i], 0, "bias " + i);
        }
        assertArrayEquals(nw, m.get("1.decoder.weight").floats(), "the tied decoder gets the same matrix");
        assertArrayEquals(nw, m.get("0.encoder_dp.emb.weight").floats());
        // and the remapped weights load into a model of the new vocab
        SequentialRNN lm = AwdLstm.languageModel(6, TINY, 0);
        FastaiWeights.load(lm, m, "remapped");
        assertArrayEquals(Arrays.copyOf(toDoubles(nw), 24), FastaiWeights.encoderOf(lm).encoder.weight.data());
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void weightsForAnotherArchitectureOrVocabAreNamed() throws IOException {
        SequentialRNN lm = AwdLstm.languageModel(12, TINY, 0);
        double[] before = FastaiWeights.encoderOf(lm).encoder.weight.data();
        var other = assertThrows(IllegalArgumentException.class, () -> FastaiWeights.load(lm, TorchFiles.stateDict(fixture("plain_lstm.pth")), "plain_lstm.pth"));
        assertTrue(other.getMessage().contains("plain_lstm.pth is not a fastai AWD-LSTM language model"), other.getMessage());
        assertTrue(other.getMessage().contains("i_h.weight"), other.getMessage());
        var sizes = assertThrows(IllegalArgumentException.class, () -> FastaiWeights.load(lm, TorchFiles.stateDict(fixture("awd_other_sizes.pth")), "awd_other_sizes.pth"));
        assertTrue(sizes.getMessage().contains("0.rnns.0.weight_hh_l0_raw' has shape [20, 5]"), sizes.getMessage());
        assertTrue(sizes.getMessage().contains("another vocab or config"), sizes.getMessage());
        var layers = assertThrows(IllegalArgumentException.class, () -> FastaiWeights.load(AwdLstm.languageModel(12, AwdLstm.Config.LM.withSizes(4, 6, 2), 0),
                TorchFiles.stateDict(fixture("awd_tiny_v2.pth")), "awd_tiny_v2.pth"));
        assertTrue(layers.getMessage().contains("3 LSTM layers, this model has 2"), layers.getMessage());
        assertArrayEquals(before, FastaiWeights.encoderOf(lm).encoder.weight.data(), "a failed load leaves the model as it was");
        var vocab = assertThrows(IllegalArgumentException.class, () -> FastaiWeights.matchEmbeds(TorchFiles.stateDict(fixture("awd_tiny_v2.pth")),
                List.of("xxunk", "xxpad", "the"), List.of("the"), "awd_tiny_v2.pth"));
        assertTrue(vocab.getMessage().contains("the vocab has 3 words but the embedding has 12 rows"), vocab.getMessage());
    }

    /** A 0-d tensor where a matrix belongs used to be an ArrayIndexOutOfBoundsException from {@code shape()[0]}. */
    @Test
    void aScalarWhereTheEmbeddingMatrixBelongsIsRefusedByName() throws IOException {
        Map<String, TorchTensor> scalarEnc = Map.of("0.encoder.weight", TorchTensor.of(new float[] {1f}));
        Path file = Files.createTempFile("scalar-encoder", ".weights");
        try {
            new WeightsFile(scalarEnc, List.of("xxunk"), TINY, false, "crafted").save(file);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> Pretrained.load(file));
            assertTrue(e.getMessage().contains(file + " is unusable: pretrained weights without a 2-d 0.encoder.weight"), e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
        var ih = assertThrows(IllegalArgumentException.class, () -> Pretrained.configOf(Map.of("0.encoder.weight", TorchTensor.of(new float[8], 2, 4),
                "0.rnns.0.module.weight_ih_l0", TorchTensor.of(new float[] {1f})), "scalar.pth"));
        assertTrue(ih.getMessage().contains("scalar.pth is not a fastai AWD-LSTM language model (0.rnns.0.module.weight_ih_l0 is not 2-d)"), ih.getMessage());
    }
}
