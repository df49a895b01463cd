package textdive.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import textdive.io.torch.TorchTensor;
import textdive.nn.LSTM;
import textdive.nn.Parameter;

/**
 * fastai's state-dict names for an AWD-LSTM, both ways: a language model's ({@code 0.encoder.weight},
 * {@code 0.rnns.N.weight_hh_l0_raw}, {@code 0.rnns.N.module.weight_ih_l0}, {@code 0.rnns.N.module.bias_ih_l0},
 * {@code 0.rnns.N.module.bias_hh_l0}, {@code 1.decoder.weight}, {@code 1.decoder.bias}) and an encoder's, as
 * {@code save_encoder} writes it (the same without the {@code 0.} prefix). Files from fastai v1 also hold
 * {@code 0.rnns.N.module.weight_hh_l0}, the dropped copy of the raw weight; like fastai's {@code clean_raw_keys},
 * the raw weight wins.
 */
public final class FastaiWeights {
    private FastaiWeights() {
    }

    /** More LSTM layers than this is not an AWD-LSTM anyone trains (fastai's configs have 3): refused as a crafted config. */
    static final int MAX_LAYERS = 64;
    /**
     * Larger embedding or hidden sizes are refused as crafted: a layer's {@code 4 * size} by {@code size} weight could not
     * be held anyway (no tensor of more than 2^31 values loads).
     */
    static final int MAX_SIZE = 1 << 15;

    /** Why {@code c}'s sizes cannot be a real AWD-LSTM's (not positive, or beyond {@link #MAX_SIZE} / {@link #MAX_LAYERS}), or null. */
    static String insaneSizes(AwdLstm.Config c) {
        int emb = c.embSz(), hid = c.nHid(), layers = c.nLayers();
        if (emb >= 1 && hid >= 1 && layers >= 1 && emb <= MAX_SIZE && hid <= MAX_SIZE && layers <= MAX_LAYERS) return null;
        return "an AWD-LSTM of emb " + emb + ", hidden " + hid + ", " + layers + " layers is not one this reads (sizes 1 to " + MAX_SIZE + ", 1 to "
                + MAX_LAYERS + " layers)";
    }

    /**
     * Refuses weights that are not exactly the AWD-LSTM that {@code config} and a vocab of {@code vocabSz} words describe,
     * before any model is built from them: the embedding {@code (vocab, emb)}; for each layer {@code i},
     * {@code weight_ih (4 out_i, in_i)}, {@code weight_hh_l0_raw} (or fastai v1's {@code module.weight_hh_l0})
     * {@code (4 out_i, out_i)} and both biases {@code (4 out_i)}, where {@code in_i} is {@code emb} for the first layer and
     * {@code hidden} after, {@code out_i} is {@code hidden} except for the last layer's {@code emb}; a language model's
     * decoder ({@code 0.}-prefixed names only), if it has one: {@code 1.decoder.weight (vocab, emb)} and, exactly when the
     * config has an output bias, {@code 1.decoder.bias (vocab)}. Any other tensor is refused, as fastai's
     * {@code load_state_dict(strict=True)} refuses unexpected keys: a file whose config and tensors disagree was not
     * written by {@code save}. The message names {@code source} and the first tensor (in that order) that does not fit.
     * A checksummed file can be crafted, so this is what stands between such a file and a TensorFlow shape error.
     */
    public static void checkStateDict(Map<String, TorchTensor> sd, int vocabSz, AwdLstm.Config c, String source) {
        String problem = stateDictProblem(sd, vocabSz, c);
        if (problem != null) throw new IllegalArgumentException(source + ": " + problem);
    }

    /** Why weights whose embedding has {@code rows} rows cannot go with a vocab of {@code vocabSz} words. */
    private static String vocabMismatch(long vocabSz, long rows) {
        return "the vocab has " + vocabSz + " words but the embedding has " + rows + " rows: the vocab does not belong to these weights";
    }

    /** A tensor an AWD-LSTM has under a name: its shape, and whether it must be there. */
    private record Want(long[] shape, boolean required) {
    }

    /** What {@link #checkStateDict} refuses, without the source; null when the weights fit. */
    static String stateDictProblem(Map<String, TorchTensor> sd, int vocabSz, AwdLstm.Config c) {
        int emb = c.embSz(), hid = c.nHid(), layers = c.nLayers();
        String insane = insaneSizes(c);
        if (insane != null) return insane;
        if (vocabSz < 1) return "an empty vocab";
        if (c.padToken() < -1 || c.padToken() >= vocabSz) return "padToken " + c.padToken() + " is not in the vocab of " + vocabSz;
        String prefix = sd.containsKey("0.encoder.weight") ? "0." : sd.containsKey("encoder.weight") ? "" : null;
        if (prefix == null) return "no '0.encoder.weight' (or an encoder's 'encoder.weight'): " + describeKeys(sd);
        long[] encShape = sd.get(prefix + "encoder.weight").shape();
        if (encShape.length == 2 && encShape[0] != vocabSz) return vocabMismatch(vocabSz, encShape[0]);
        String implied = "vocab " + vocabSz + ", emb " + emb + ", hidden " + hid + ", " + layers + " layers";
        Map<String, Want> want = new LinkedHashMap<>();
        want.put(prefix + "encoder.weight", new Want(new long[] {vocabSz, emb}, true));
        want.put(prefix + "encoder_dp.emb.weight", new Want(new long[] {vocabSz, emb}, false));
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? emb : hid, out = l == layers - 1 ? emb : hid;
            String r = prefix + "rnns." + l + ".";
            // the raw weight, or (fastai v1) only its dropped copy; either may be there beside the other
            want.put(r + "weight_hh_l0_raw", new Want(new long[] {4 * out, out}, !sd.containsKey(r + "module.weight_hh_l0")));
            want.put(r + "module.weight_ih_l0", new Want(new long[] {4 * out, in}, true));
            want.put(r + "module.weight_hh_l0", new Want(new long[] {4 * out, out}, false));
            want.put(r + "module.bias_ih_l0", new Want(new long[] {4 * out}, true));
            want.put(r + "module.bias_hh_l0", new Want(new long[] {4 * out}, true));
        }
        if (!prefix.isEmpty()) { // a language model: its decoder whole, or (only the encoder's part) none of it
            boolean decoder = sd.containsKey("1.decoder.weight") || sd.containsKey("1.decoder.bias");
            want.put("1.decoder.weight", new Want(new long[] {vocabSz, emb}, decoder));
            if (c.outBias()) want.put("1.decoder.bias", new Want(new long[] {vocabSz}, decoder));
        }
        for (var e : want.entrySet()) {
            String name = e.getKey();
            TorchTensor t = sd.get(name);
            if (t == null) {
                if (e.getValue().required()) return "no '" + name + "', which an AWD-LSTM of " + implied + " has";
                continue;
            }
            if (!t.isFloating()) return "'" + name + "' is a " + t.dtype() + " tensor, not floating point";
            if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                return "'" + name + "' has shape " + Arrays.toString(t.shape()) + " but " + implied + " imply " + Arrays.toString(e.getValue().shape());
            }
        }
        List<String> extra = new ArrayList<>(sd.keySet());
        extra.removeAll(want.keySet());
        if (extra.isEmpty()) return null;
        Collections.sort(extra);
        return "an unexpected tensor '" + extra.get(0) + "' (an AWD-LSTM of " + implied + (c.outBias() ? "" : " without an output bias")
                + " has none such" + (extra.size() > 1 ? "; " + (extra.size() - 1) + " more unexpected" : "") + ")";
    }

    /** The language model's weights under fastai's names (the tied decoder weight under both names, as PyTorch saves it). */
    public static Map<String, TorchTensor> stateDict(SequentialRNN lm) {
        AwdLstm enc = encoderOf(lm);
        Map<String, TorchTensor> sd = encoderStateDict(enc, "0.");
        LinearDecoder dec = decoderOf(lm);
        sd.put("1.decoder.weight", tensor(dec.decoder.weight));
        if (dec.decoder.bias != null) sd.put("1.decoder.bias", tensor(dec.decoder.bias));
        return sd;
    }

    /** The encoder's weights as fastai's {@code save_encoder} names them. */
    public static Map<String, TorchTensor> encoderStateDict(AwdLstm enc) {
        return encoderStateDict(enc, "");
    }

    private static Map<String, TorchTensor> encoderStateDict(AwdLstm enc, String prefix) {
        Map<String, TorchTensor> sd = new LinkedHashMap<>();
        sd.put(prefix + "encoder.weight", tensor(enc.encoder.weight));
        sd.put(prefix + "encoder_dp.emb.weight", tensor(enc.encoder.weight));
        for (int l = 0; l < enc.rnns.size(); l++) {
            LSTM lstm = enc.rnns.get(l).module;
            String r = prefix + "rnns." + l + ".";
            sd.put(r + "weight_hh_l0_raw", tensor(lstm.weightHh.get(0)));
            sd.put(r + "module.weight_ih_l0", tensor(lstm.weightIh.get(0)));
            sd.put(r + "module.bias_ih_l0", tensor(lstm.biasIh.get(0)));
            sd.put(r + "module.bias_hh_l0", tensor(lstm.biasHh.get(0)));
        }
        return sd;
    }

    /** Copies a fastai language model's weights (names with the {@code 0.}/{@code 1.} prefixes) into {@code lm}. */
    public static void load(SequentialRNN lm, Map<String, TorchTensor> sd, String source) {
        AwdLstm enc = encoderOf(lm);
        if (!sd.containsKey("0.encoder.weight")) {
            throw new IllegalArgumentException(source + " is not a fastai AWD-LSTM language model: " + describeKeys(sd)
                    + " (a language model has 0.encoder.weight, 0.rnns.N.weight_hh_l0_raw, ..., 1.decoder.bias)");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        collectEncoder(enc, sd, "0.", source, values);
        LinearDecoder dec = decoderOf(lm);
        if (dec.decoder.weight != enc.encoder.weight) values.put("1.decoder.weight", take(sd, "1.decoder.weight", dec.decoder.weight, source));
        if (dec.decoder.bias != null) values.put("1.decoder.bias", take(sd, "1.decoder.bias", dec.decoder.bias, source));
        apply(enc, dec, values);
    }

    /** Copies an encoder saved by {@code saveEncoder} (or a language model's {@code 0.} part) into {@code enc}. */
    public static void loadEncoder(AwdLstm enc, Map<String, TorchTensor> sd, String source) {
        String prefix = sd.containsKey("encoder.weight") ? "" : sd.containsKey("0.encoder.weight") ? "0." : null;
        if (prefix == null) {
            throw new IllegalArgumentException(source + " is not a fastai AWD-LSTM encoder: " + describeKeys(sd)
                    + " (an encoder has encoder.weight, rnns.N.weight_hh_l0_raw, rnns.N.module.weight_ih_l0, ...)");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        collectEncoder(enc, sd, prefix, source, values);
        apply(enc, null, values);
    }

    private static void collectEncoder(AwdLstm enc, Map<String, TorchTensor> sd, String prefix, String source, Map<String, double[]> values) {
        int layers = 0;
        while (sd.containsKey(prefix + "rnns." + layers + ".module.weight_ih_l0")) layers++;
        if (layers != enc.rnns.size()) {
            throw new IllegalArgumentException(source + " holds an AWD-LSTM of " + layers + " LSTM layers, this model has " + enc.rnns.size()
                    + " (" + enc.describe() + "): use the config the weights were trained with");
        }
        values.put("encoder.weight", take(sd, prefix + "encoder.weight", enc.encoder.weight, source));
        for (int l = 0; l < layers; l++) {
            LSTM lstm = enc.rnns.get(l).module;
            String r = prefix + "rnns." + l + ".";
            String hh = sd.containsKey(r + "weight_hh_l0_raw") ? r + "weight_hh_l0_raw" : r + "module.weight_hh_l0";
            values.put("rnns." + l + ".hh", take(sd, hh, lstm.weightHh.get(0), source));
            values.put("rnns." + l + ".ih", take(sd, r + "module.weight_ih_l0", lstm.weightIh.get(0), source));
            values.put("rnns." + l + ".bih", take(sd, r + "module.bias_ih_l0", lstm.biasIh.get(0), source));
            values.put("rnns." + l + ".bhh", take(sd, r + "module.bias_hh_l0", lstm.biasHh.get(0), source));
        }
    }

    /** Sets the values only once every tensor has been found and checked: a failed load leaves the model as it was. */
    private static void apply(AwdLstm enc, LinearDecoder dec, Map<String, double[]> values) {
        enc.encoder.weight.set(values.get("encoder.weight"));
        for (int l = 0; l < enc.rnns.size(); l++) {
            LSTM lstm = enc.rnns.get(l).module;
            lstm.weightHh.get(0).set(values.get("rnns." + l + ".hh"));
            lstm.weightIh.get(0).set(values.get("rnns." + l + ".ih"));
            lstm.biasIh.get(0).set(values.get("rnns." + l + ".bih"));
            lstm.biasHh.get(0).set(values.get("rnns." + l + ".bhh"));
        }
        if (dec != null && values.containsKey("1.decoder.weight")) dec.decoder.weight.set(values.get("1.decoder.weight"));
        if (dec != null && values.containsKey("1.decoder.bias")) dec.decoder.bias.set(values.get("1.decoder.bias"));
    }

    private static double[] take(Map<String, TorchTensor> sd, String name, Parameter into, String source) {
        TorchTensor t = sd.get(name);
        if (t == null) throw new IllegalArgumentException(source + " lacks '" + name + "' (" + describeKeys(sd) + ")");
        if (!t.isFloating()) throw new IllegalArgumentException(source + ": '" + name + "' is a " + t.dtype() + " tensor, not floating point");
        if (!Arrays.equals(t.shape(), into.shape())) {
            throw new IllegalArgumentException(source + ": '" + name + "' has shape " + Arrays.toString(t.shape()) + " but the model's " + into.name()
                    + " is " + Arrays.toString(into.shape()) + ": the weights were made for another vocab or config");
        }
        return t.doubles();
    }

    private static String describeKeys(Map<String, TorchTensor> sd) {
        List<String> keys = new ArrayList<>(sd.keySet());
        return "its " + keys.size() + " tensors are " + (keys.size() > 6 ? keys.subList(0, 6) + "..." : keys);
    }

    private static TorchTensor tensor(Parameter p) {
        double[] v = p.data();
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return TorchTensor.of(f, p.shape());
    }

    static AwdLstm encoderOf(SequentialRNN lm) {
        if (!(lm.get(0) instanceof AwdLstm enc)) throw new IllegalArgumentException("not an AWD-LSTM model: its first module is " + lm.get(0).getClass().getSimpleName());
        return enc;
    }

    static LinearDecoder decoderOf(SequentialRNN lm) {
        if (lm.layers.size() < 2 || !(lm.get(1) instanceof LinearDecoder dec)) {
            throw new IllegalArgumentException("not a language model: its second module is not a LinearDecoder");
        }
        return dec;
    }

    /**
     * fastai's {@code match_embeds}: the embedding rows (and decoder biases) of {@code sd}, made for {@code oldVocab},
     * reordered for {@code newVocab}. A word the old vocab lacks gets the mean of all old rows (the lesson's
     * {@code new_w[i] = enc_wgts.mean(0)}); the tied decoder gets the same matrix. Returns a new state dict.
     */
    public static Map<String, TorchTensor> matchEmbeds(Map<String, TorchTensor> sd, List<String> oldVocab, List<String> newVocab, String source) {
        String prefix = sd.containsKey("0.encoder.weight") ? "0." : "";
        TorchTensor enc = sd.get(prefix + "encoder.weight");
        if (enc == null) throw new IllegalArgumentException(source + " has no embedding (" + prefix + "encoder.weight) to match to a vocab");
        long[] shape = enc.shape();
        if (shape.length != 2) throw new IllegalArgumentException(source + ": " + prefix + "encoder.weight has shape " + Arrays.toString(shape) + ", not [vocab, emb]");
        if (shape[0] != oldVocab.size()) throw new IllegalArgumentException(source + ": " + vocabMismatch(oldVocab.size(), shape[0]));
        int rows = (int) shape[0], dim = (int) shape[1];
        float[] w = enc.floats();
        TorchTensor biasT = sd.get("1.decoder.bias");
        float[] bias = biasT == null ? null : biasT.floats();
        if (bias != null && bias.length != rows) throw new IllegalArgumentException(source + ": 1.decoder.bias has " + bias.length + " entries, the embedding " + rows + " rows");
        double[] meanW = new double[dim];
        double meanB = 0;
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < dim; d++) meanW[d] += w[r * dim + d];
            if (bias != null) meanB += bias[r];
        }
        for (int d = 0; d < dim; d++) meanW[d] /= rows;
        meanB /= rows;
        Map<String, Integer> o2i = new HashMap<>();
        for (int i = 0; i < oldVocab.size(); i++) o2i.putIfAbsent(oldVocab.get(i), i);
        float[] nw = new float[newVocab.size() * dim];
        float[] nb = bias == null ? null : new float[newVocab.size()];
        for (int i = 0; i < newVocab.size(); i++) {
            Integer idx = o2i.get(newVocab.get(i));
            for (int d = 0; d < dim; d++) nw[i * dim + d] = idx != null ? w[idx * dim + d] : (float) meanW[d];
            if (nb != null) nb[i] = idx != null ? bias[idx] : (float) meanB;
        }
        Map<String, TorchTensor> out = new LinkedHashMap<>(sd);
        TorchTensor newW = TorchTensor.of(nw, newVocab.size(), dim);
        out.put(prefix + "encoder.weight", newW);
        if (out.containsKey(prefix + "encoder_dp.emb.weight")) out.put(prefix + "encoder_dp.emb.weight", newW);
        if (!prefix.isEmpty()) out.put("1.decoder.weight", newW);
        if (nb != null) out.put("1.decoder.bias", TorchTensor.of(nb, newVocab.size()));
        return out;
    }
}
