package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import textdive.models.AwdLstm;

/**
 * {@code Rng.seed(s)} gives the initial weights {@code torch.manual_seed(s)} gives. The expected
 * values were printed by PyTorch 1.13.1 (Debian's python3-torch) with scripts/torch_init_values.py;
 * they are PyTorch's, not ours.
 */
class TorchInitTest {
    private static final float TOL = 2e-7f;

    private static float[] f(Parameter p) {
        double[] v = p.data();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    private static float[] slice(float[] v, int from, int to) {
        return Arrays.copyOfRange(v, from, to);
    }

    @Test
    void embeddingThenTwoLinearsLikeTheBooksLMModel() {
        Rng.seed(0);
        float[] emb = f(new Embedding(30, 64).weight);
        Linear hh = new Linear(64, 64);
        Linear ho = new Linear(64, 30);
        assertArrayEquals(new float[] {-1.1258398294448853f, -1.152360200881958f, -0.2505785822868347f, -0.4338788092136383f}, slice(emb, 0, 4), TOL * 10);
        assertArrayEquals(new float[] {-1.5015588998794556f, -1.0362091064453125f, -0.2600441873073578f}, slice(emb, 30 * 64 - 3, 30 * 64), TOL * 10);
        assertArrayEquals(new float[] {-0.0383528470993042f, -0.0703398734331131f, -0.009782105684280396f}, slice(f(hh.weight), 0, 3), TOL);
        assertArrayEquals(new float[] {-0.06407618522644043f, -0.11955426633358002f, -0.007689833641052246f}, slice(f(hh.bias), 0, 3), TOL);
        assertArrayEquals(new float[] {0.05245916545391083f, -0.0725552886724472f}, slice(f(ho.bias), 28, 30), TOL);
    }

    @Test
    void smallAndRaggedNormals() {
        Rng.seed(7);
        // 12 values: the serial double path, each second sample kept for the next value
        assertArrayEquals(new float[] {-0.1467950940132141f, 0.7861412763595581f, 0.9468216300010681f, -1.1143440008163452f, 1.6907901763916016f,
                -0.8948279023170471f, -0.3556250333786011f, 1.2323857545852661f, 0.13817265629768372f, -1.6821985244750977f, 0.317678302526474f,
                0.13280697166919708f}, f(new Embedding(3, 4).weight), 1e-6f);
        // 20 values: blocks of 16, the last 16 redrawn
        assertArrayEquals(new float[] {-0.8489086031913757f, -1.2169294357299805f, -0.08102158457040787f, 1.3614851236343384f, 2.5116028785705566f,
                -1.254785180091858f, 0.8164564967155457f, -1.065398931503296f, -0.1781926155090332f, -0.25949886441230774f, -0.014487940818071365f,
                -0.3838909864425659f, -0.10073431581258774f, 0.23701459169387817f, 0.6326820850372314f, -0.09167716652154922f, 1.6243164539337158f,
                0.0015672707231715322f, -0.4375407099723816f, -2.1085333824157715f}, f(new Embedding(4, 5).weight), 1e-6f);
    }

    @Test
    void lstmParametersInPyTorchsOrder() {
        Rng.seed(3);
        LSTM lstm = new LSTM(8, 8, 2);
        var p = lstm.namedParameters();
        assertArrayEquals(new float[] {-0.35053861141204834f, -0.27890458703041077f, -0.15143223106861115f}, slice(f(p.get(firstKey(p, "weightIh", 0))), 0, 3), TOL);
        float[] bhh1 = f(p.get(firstKey(p, "biasHh", 1)));
        assertArrayEquals(new float[] {0.1309482306241989f, 0.012264437973499298f, 0.2714282274246216f}, slice(bhh1, bhh1.length - 3, bhh1.length), TOL);
    }

    @Test
    void largestSupportedSeed() {
        Rng.seed(Integer.MAX_VALUE);
        assertArrayEquals(new float[] {0.20812886953353882f, -0.1457608938217163f, -0.39456766843795776f, 0.09964442253112793f, -0.4095558524131775f,
                -0.4101271629333496f, 0.3822469711303711f, 0.4887261390686035f}, f(new Linear(4, 2).weight), TOL);
    }

    @Test
    void awdLstmInFastaisConstructionOrder() {
        Rng.seed(5);
        var awd = new AwdLstm(7, AwdLstm.Config.LM.withSizes(3, 4, 2).dropMult(0));
        var p = awd.namedParameters();
        assertArrayEquals(new float[] {-0.06606896966695786f, 0.0555102601647377f, -0.011072814464569092f}, slice(f(awd.encoder.weight), 3, 6), TOL);
        assertArrayEquals(new float[] {0.07439714670181274f, 0.0832064151763916f, -0.20287597179412842f}, slice(f(p.get("rnns.0.module.biasHh.0")), 0, 3), TOL);
        assertArrayEquals(new float[] {0.5624707937240601f, -0.37393444776535034f, -0.2419971078634262f}, slice(f(p.get("rnns.1.module.weightHh.0")), 0, 3), TOL);
    }

    private static String firstKey(Map<String, Parameter> params, String kind, int layer) {
        return params.keySet().stream().filter(k -> k.contains(kind) && k.endsWith(String.valueOf(layer))).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + layer + " not in " + params.keySet()));
    }
}
