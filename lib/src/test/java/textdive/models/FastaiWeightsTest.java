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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import textdive.io.CorruptFileException;
import textdive.io.torch.TorchFiles;
import textdive.io.torch.TorchFixtures;
import textdive.io.torch.TorchTensor;
import textdive.nn.Engine;
import textdive.nn.Program;

/** fastai's AWD-LSTM weights loaded by name: PyTorch's forward pass reproduced, vocab remapping, bad files named. */
class FastaiWeightsTest {
    private static final AwdLstm.Config TINY = AwdLstm.Config.LM.withSizes(4, 6, 3);

    static Path fixture(String name) {
        return TorchFixtures.path(name);
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
        assertEquals("awd_tiny_v2.pth: the vocab has 3 words but the embedding has 12 rows: the vocab does not belong to these weights", vocab.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> FastaiWeights.matchEmbeds(Map.of("encoder.weight", TorchTensor.of(new float[3], 3)),
                List.of("xxunk", "xxpad", "the"), List.of("the"), "flat.pth"));
        assertEquals("flat.pth: encoder.weight has shape [3], not [vocab, emb]", flat.getMessage());
    }

    /** A 0-d tensor where a matrix belongs used to be an ArrayIndexOutOfBoundsException from {@code shape()[0]}. */
    @Test
    void aScalarWhereTheEmbeddingMatrixBelongsIsRefusedByName() throws IOException {
        Map<String, TorchTensor> scalarEnc = Map.of("0.encoder.weight", TorchTensor.of(new float[] {1f}));
        Path file = Files.createTempFile("scalar-encoder", ".weights");
        try {
            new WeightsFile(scalarEnc, List.of("xxunk", "xxpad"), TINY, false, "crafted").save(file);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> Pretrained.load(file));
            assertEquals(file + " is unusable: '0.encoder.weight' has shape [] but vocab 2, emb 4, hidden 6, 3 layers imply [2, 4]", e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
        var ih = assertThrows(IllegalArgumentException.class, () -> Pretrained.configOf(Map.of("0.encoder.weight", TorchTensor.of(new float[8], 2, 4),
                "0.rnns.0.module.weight_ih_l0", TorchTensor.of(new float[] {1f})), "scalar.pth"));
        assertTrue(ih.getMessage().contains("scalar.pth is not a fastai AWD-LSTM language model (0.rnns.0.module.weight_ih_l0 is not 2-d)"), ih.getMessage());
    }

    // ---------- a crafted weights file: every checksum right, the tensors not the config's model ----------

    private static Map<String, TorchTensor> tinyLm() throws IOException {
        return new LinkedHashMap<>(TorchFiles.stateDict(fixture("awd_tiny_v2.pth")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> tinyVocab() throws IOException {
        return (List<String>) TorchFiles.loadPickle(fixture("awd_tiny_itos.pkl"));
    }

    /** Writes the weights with the library's own writer (so every section's checksum is right) and returns the refusal. */
    private static String refusal(Path dir, Map<String, TorchTensor> sd, List<String> vocab, AwdLstm.Config c) throws IOException {
        Path file = dir.resolve("crafted.weights");
        new WeightsFile(sd, vocab, c, false, "crafted").save(file);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> WeightsFile.load(file));
        assertEquals(e.getMessage(), assertThrows(CorruptFileException.class, () -> Pretrained.load(file)).getMessage(), "Pretrained.load refuses it the same way");
        return e.getMessage().substring((file + " is unusable: ").length());
    }

    @Test
    void validWeightsAndEncoderFilesStillLoad(@TempDir Path dir) throws IOException {
        Map<String, TorchTensor> sd = tinyLm();
        Path lmFile = dir.resolve("lm.weights"), encFile = dir.resolve("enc.weights");
        new WeightsFile(sd, tinyVocab(), TINY, false, "tiny").save(lmFile);
        assertEquals(sd.keySet(), Pretrained.load(lmFile).weights().keySet());
        SequentialRNN lm = AwdLstm.languageModel(12, TINY, 0);
        FastaiWeights.load(lm, sd, "fixture");
        new WeightsFile(FastaiWeights.encoderStateDict(FastaiWeights.encoderOf(lm)), tinyVocab(), TINY, false, "encoder").save(encFile);
        FastaiWeights.loadEncoder(new AwdLstm(12, TINY), WeightsFile.load(encFile).weights(), encFile.toString());
        for (String pth : List.of("awd_tiny_v2.pth", "awd_tiny_v1_legacy.pth")) {
            Pretrained p = Pretrained.fastai(fixture(pth), fixture("awd_tiny_itos.pkl"), false);
            assertEquals(List.of(4, 6, 3), List.of(p.config().embSz(), p.config().nHid(), p.config().nLayers()), pth);
        }
    }

    /**
     * The config and the tensors are compared when the file is read: a config of other sizes used to load, and failed
     * only when the weights were copied into a model (or, read by a model built from the file's config, in TensorFlow).
     */
    @Test
    void aConfigThatDisagreesWithTheTensorsIsRefusedNamingTheFirstTensorThatDoesNotFit(@TempDir Path dir) throws IOException {
        List<String> v = tinyVocab();
        String t = "vocab 12, emb 4, hidden 6, 3 layers";
        assertEquals("'0.rnns.0.weight_hh_l0_raw' has shape [24, 6] but vocab 12, emb 4, hidden 7, 3 layers imply [28, 7]",
                refusal(dir, tinyLm(), v, TINY.withSizes(4, 7, 3)));
        assertEquals("'0.encoder.weight' has shape [12, 4] but vocab 12, emb 5, hidden 6, 3 layers imply [12, 5]", refusal(dir, tinyLm(), v, TINY.withSizes(5, 6, 3)));
        assertEquals("'0.rnns.1.weight_hh_l0_raw' has shape [24, 6] but vocab 12, emb 4, hidden 6, 2 layers imply [16, 4]",
                refusal(dir, tinyLm(), v, TINY.withSizes(4, 6, 2)));
        assertEquals("'0.rnns.2.weight_hh_l0_raw' has shape [16, 4] but vocab 12, emb 4, hidden 6, 4 layers imply [24, 6]",
                refusal(dir, tinyLm(), v, TINY.withSizes(4, 6, 4)));
        assertEquals("the vocab has 11 words but the embedding has 12 rows: the vocab does not belong to these weights", refusal(dir, tinyLm(), v.subList(0, 11), TINY));
        AwdLstm.Config pad12 = new AwdLstm.Config(4, 6, 3, 12, 0.1, 0.15, 0.25, 0.02, 0.2, true, true);
        assertEquals("padToken 12 is not in the vocab of 12", refusal(dir, tinyLm(), v, pad12));
        AwdLstm.Config noBias = new AwdLstm.Config(4, 6, 3, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, false);
        assertEquals("an unexpected tensor '1.decoder.bias' (an AWD-LSTM of " + t + " without an output bias has none such)", refusal(dir, tinyLm(), v, noBias));
    }

    @Test
    void aMissingAMisshapenOrAnExtraTensorIsRefusedByName(@TempDir Path dir) throws IOException {
        List<String> v = tinyVocab();
        String t = "vocab 12, emb 4, hidden 6, 3 layers";
        Map<String, TorchTensor> sd = tinyLm();
        sd.remove("0.rnns.1.module.bias_hh_l0");
        assertEquals("no '0.rnns.1.module.bias_hh_l0', which an AWD-LSTM of " + t + " has", refusal(dir, sd, v, TINY));
        sd = tinyLm();
        sd.remove("1.decoder.weight");
        assertEquals("no '1.decoder.weight', which an AWD-LSTM of " + t + " has", refusal(dir, sd, v, TINY));
        sd = tinyLm();
        sd.put("0.rnns.2.module.bias_ih_l0", TorchTensor.of(new float[24], 24));
        assertEquals("'0.rnns.2.module.bias_ih_l0' has shape [24] but " + t + " imply [16]", refusal(dir, sd, v, TINY));
        sd = tinyLm();
        sd.put("1.decoder.weight", TorchTensor.of(new float[12 * 4], 4, 12));
        assertEquals("'1.decoder.weight' has shape [4, 12] but " + t + " imply [12, 4]", refusal(dir, sd, v, TINY));
        sd = tinyLm();
        sd.put("0.rnns.3.module.weight_ih_l0", TorchTensor.of(new float[16 * 4], 16, 4));
        sd.put("0.rnns.3.module.bias_ih_l0", TorchTensor.of(new float[16], 16));
        assertEquals("an unexpected tensor '0.rnns.3.module.bias_ih_l0' (an AWD-LSTM of " + t + " has none such; 1 more unexpected)", refusal(dir, sd, v, TINY));
        sd = tinyLm();
        sd.put("encoder.weight", sd.get("0.encoder.weight")); // an encoder's name in a language model
        assertEquals("an unexpected tensor 'encoder.weight' (an AWD-LSTM of " + t + " has none such)", refusal(dir, sd, v, TINY));
        sd = new LinkedHashMap<>(Map.of("rnns.0.weight_hh_l0_raw", TorchTensor.of(new float[24 * 6], 24, 6)));
        assertEquals("no '0.encoder.weight' (or an encoder's 'encoder.weight'): its 1 tensors are [rnns.0.weight_hh_l0_raw]", refusal(dir, sd, v, TINY));
        // the encoder file saveEncoder writes, one tensor too few
        SequentialRNN lm = AwdLstm.languageModel(12, TINY, 0);
        sd = FastaiWeights.encoderStateDict(FastaiWeights.encoderOf(lm));
        sd.remove("rnns.2.module.weight_ih_l0");
        assertEquals("no 'rnns.2.module.weight_ih_l0', which an AWD-LSTM of " + t + " has", refusal(dir, sd, v, TINY));
    }

    /** Sizes that cannot be an AWD-LSTM's are refused as the config is read, before any tensor is looked at. */
    @Test
    void sizesThatAreNotPositiveOrAreHugeAreRefusedInTheConfig(@TempDir Path dir) throws IOException {
        for (int[] bad : new int[][] {{0, 6, 3}, {4, -6, 3}, {4, 6, 0}, {4, 6, 100_000}, {1 << 20, 6, 3}}) {
            String got = refusal(dir, tinyLm(), tinyVocab(), TINY.withSizes(bad[0], bad[1], bad[2]));
            assertEquals("section 'config': an invalid config: an AWD-LSTM of emb " + bad[0] + ", hidden " + bad[1] + ", " + bad[2]
                    + " layers is not one this reads (sizes 1 to " + FastaiWeights.MAX_SIZE + ", 1 to " + FastaiWeights.MAX_LAYERS + " layers)", got);
        }
    }

    /** fastai's own files go through the same check: a .pth whose layers disagree is refused when read, naming it. */
    @Test
    void aPretrainedModelWhoseTensorsDisagreeIsRefusedWhenMade() throws IOException {
        Map<String, TorchTensor> sd = tinyLm();
        sd.put("0.rnns.1.module.weight_ih_l0", TorchTensor.of(new float[24 * 5], 24, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> new Pretrained(sd, tinyVocab(), Pretrained.configOf(sd, "odd.pth"), false, "odd.pth"));
        assertEquals("odd.pth: '0.rnns.1.module.weight_ih_l0' has shape [24, 5] but vocab 12, emb 4, hidden 6, 3 layers imply [24, 6]", e.getMessage());
    }
}
