package textdive.models;

import java.util.ArrayList;
import java.util.List;
import textdive.nn.Embedding;
import textdive.nn.EmbeddingDropout;
import textdive.nn.Hidden;
import textdive.nn.Init;
import textdive.nn.LSTM;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.RNNDropout;
import textdive.nn.RnnOutput;
import textdive.nn.Tensor;
import textdive.nn.WeightDropout;

/**
 * fastai's {@code AWD_LSTM} encoder (Merity et al., "Regularizing and Optimizing LSTM Language
 * Models"): an embedding with {@link EmbeddingDropout}, {@link RNNDropout} on its output, then
 * {@code nLayers} single-layer LSTMs, each wrapped in {@link WeightDropout}, with RNNDropout between
 * them. Separate LSTMs (not one multi-layer LSTM) let the last one map back to the embedding size, so
 * that the decoder can share the embedding matrix. The hidden state is carried from batch to batch
 * (detached) and zeroed by {@link #reset()}. Returns the last layer's output (bs, sl, embSz).
 */
public class AwdLstm extends Module {
    /** fastai initialises the embedding with U(-0.1, 0.1), overwriting PyTorch's N(0, 1). */
    public static final double INIT_RANGE = 0.1;

    /**
     * The hyper-parameters of fastai's language-model config; {@link #LM} is its {@code awd_lstm_lm_config}.
     * Every {@code *P} is a dropout probability, all scaled together by {@link #dropMult}.
     */
    public record Config(int embSz, int nHid, int nLayers, int padToken, double outputP, double hiddenP, double inputP,
            double embedP, double weightP, boolean tieWeights, boolean outBias) {
        /** fastai's {@code awd_lstm_lm_config}. */
        public static final Config LM = new Config(400, 1152, 3, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true);
        /** fastai's {@code awd_lstm_clas_config}: stronger dropouts; {@code outputP} is the classifier head's first dropout. */
        public static final Config CLAS = new Config(400, 1152, 3, 1, 0.4, 0.3, 0.4, 0.05, 0.5, false, false);

        public Config {
            for (double p : new double[] {outputP, hiddenP, inputP, embedP, weightP}) {
                if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("AwdLstm dropout probabilities must be in [0, 1), got " + p);
            }
        }

        /** All dropout probabilities times {@code m} (fastai's {@code drop_mult}). */
        public Config dropMult(double m) {
            if (!(m >= 0)) throw new IllegalArgumentException("dropMult must be >= 0, got " + m);
            return new Config(embSz, nHid, nLayers, padToken, outputP * m, hiddenP * m, inputP * m, embedP * m, weightP * m, tieWeights, outBias);
        }

        /** The same recipe at another size (a scaled-down model for CI). */
        public Config withSizes(int embSz, int nHid, int nLayers) {
            return new Config(embSz, nHid, nLayers, padToken, outputP, hiddenP, inputP, embedP, weightP, tieWeights, outBias);
        }
    }

    /** The embedding; a tied decoder shares its weight. */
    public final Embedding encoder;
    final EmbeddingDropout encoderDp;
    final List<WeightDropout> rnns = new ArrayList<>();
    final RNNDropout inputDp;
    final List<RNNDropout> hiddenDps = new ArrayList<>();
    final List<Hidden> h = new ArrayList<>();
    final List<Hidden> c = new ArrayList<>();
    private final int vocabSz;
    private final Config config;

    /**
     * fastai's {@code AWD_LSTM(vocab_sz, emb_sz, n_hid, n_layers, pad_token, hidden_p, input_p, embed_p, weight_p)},
     * with the sizes and dropouts of {@code config} ({@code outputP}, {@code tieWeights} and {@code outBias} are the
     * decoder's). The carried hidden state follows the batch size, as fastai's does. {@code padToken}'s embedding row
     * gets no gradient from lookups (PyTorch's {@code padding_idx}); fastai's U(-0.1, 0.1) initialisation overwrites it
     * like every other row.
     */
    public AwdLstm(int vocabSz, Config config) {
        if (config == null) throw new IllegalArgumentException("AwdLstm needs a Config (e.g. AwdLstm.Config.LM), got null");
        if (vocabSz < 1 || config.embSz() < 1 || config.nHid() < 1 || config.nLayers() < 1) {
            throw new IllegalArgumentException("AwdLstm sizes must be positive: vocabSz " + vocabSz + ", embSz " + config.embSz()
                    + ", nHid " + config.nHid() + ", nLayers " + config.nLayers());
        }
        if (config.padToken() >= vocabSz) throw new IllegalArgumentException("padToken " + config.padToken() + " is not in a vocab of " + vocabSz);
        this.vocabSz = vocabSz;
        this.config = config;
        int embSz = config.embSz(), nLayers = config.nLayers();
        // construction order follows fastai's, so that Rng.seed gives PyTorch's initial weights
        Embedding emb = new Embedding(vocabSz, embSz, config.padToken());
        encoderDp = new EmbeddingDropout(emb, config.embedP());
        for (int l = 0; l < nLayers; l++) {
            rnns.add(new WeightDropout(new LSTM(layerInput(l), layerOutput(l), 1), config.weightP()));
            h.add(Hidden.batched(1, Hidden.BS, layerOutput(l)));
            c.add(Hidden.batched(1, Hidden.BS, layerOutput(l)));
        }
        emb.weight = Init.uniform(INIT_RANGE, vocabSz, embSz);
        encoder = emb;
        inputDp = new RNNDropout(config.inputP());
        for (int l = 0; l < nLayers; l++) hiddenDps.add(new RNNDropout(config.hiddenP()));
    }

    /**
     * fastai's {@code get_language_model(AWD_LSTM, vocabSz, config, drop_mult)}: this encoder followed by a
     * {@link LinearDecoder} to the vocabulary, tied to the embedding when the config says so.
     */
    public static SequentialRNN languageModel(int vocabSz, Config config, double dropMult) {
        Config cfg = config.dropMult(dropMult);
        AwdLstm enc = new AwdLstm(vocabSz, cfg);
        LinearDecoder dec = new LinearDecoder(vocabSz, cfg.embSz(), cfg.outputP(), cfg.tieWeights() ? enc.encoder : null, cfg.outBias());
        return new SequentialRNN(enc, dec);
    }

    /**
     * fastai's {@code get_text_classifier(AWD_LSTM, vocabSz, nClass, seq_len, config, drop_mult, max_len)}: a
     * {@link SentenceEncoder} around this encoder, then a {@link PoolingLinearClassifier} of sizes
     * {@code [3 * embSz, 50, nClass]} with dropouts {@code [outputP, 0.1]} (the config's dropouts times {@code dropMult}).
     */
    public static SequentialRNN textClassifier(int vocabSz, int nClass, Config config, double dropMult, int seqLen, int maxLen) {
        if (nClass < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + nClass);
        Config cfg = config.dropMult(dropMult);
        SentenceEncoder enc = new SentenceEncoder(seqLen, new AwdLstm(vocabSz, cfg), cfg.padToken(), maxLen);
        PoolingLinearClassifier head = new PoolingLinearClassifier(new int[] {3 * cfg.embSz(), 50, nClass}, new double[] {cfg.outputP(), 0.1}, seqLen);
        return new SequentialRNN(enc, head);
    }

    /** Input size of LSTM layer {@code l}: the embedding for the first, the hidden size after. */
    int layerInput(int l) {
        return l == 0 ? config.embSz() : config.nHid();
    }

    /** Output size of LSTM layer {@code l}: the hidden size, except the last, which maps back to the embedding size. */
    int layerOutput(int l) {
        return l == config.nLayers() - 1 ? config.embSz() : config.nHid();
    }

    /** Token ids (bs, sl) -> the last layer's output (bs, sl, embSz); any batch size. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 2 || !x.isIntegral()) {
            throw new IllegalArgumentException(describe() + " expects integer token ids (bs, sl), got " + x);
        }
        long bs = x.size(0);
        Tensor out = inputDp.apply(encoderDp.apply(x));
        for (int l = 0; l < config.nLayers(); l++) {
            RnnOutput r = rnns.get(l).apply(out, h.get(l).value(bs), c.get(l).value(bs));
            h.get(l).set(r.h());
            c.get(l).set(r.c());
            out = r.output();
            if (l != config.nLayers() - 1) out = hiddenDps.get(l).apply(out);
        }
        return out;
    }

    /** The state of every layer ((1, bs, out) each), carried from one chunk of a text to the next. */
    public record State(List<Tensor> h, List<Tensor> c) {
    }

    /** What one chunk gives: the last layer's output (bs, sl, embSz) and the state after it. */
    public record Chunk(Tensor output, State state) {
    }

    /** The layers' zero-or-carried state for a batch of {@code bs}, from this encoder's {@link Hidden}s. */
    State carried(long bs) {
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < config.nLayers(); l++) {
            hs.add(h.get(l).value(bs));
            cs.add(c.get(l).value(bs));
        }
        return new State(hs, cs);
    }

    /** Keeps {@code s} as the carried state (detached) for the next run. */
    void carry(State s) {
        for (int l = 0; l < config.nLayers(); l++) {
            h.get(l).set(s.h().get(l));
            c.get(l).set(s.c().get(l));
        }
    }

    /**
     * One chunk of a longer text, as {@code SentenceEncoder} reads it: ids (bs, sl) from state {@code s}. A row whose
     * {@code active} is 0 (its chunk is padding before the text starts) keeps its state and gives zeros, as fastai's
     * encoder, which runs only the rows whose text has begun. Dropout masks are drawn afresh for every chunk.
     */
    public Chunk encodeChunk(Tensor x, State s, Tensor active) {
        if (x.dim() != 2 || !x.isIntegral()) throw new IllegalArgumentException(describe() + " expects integer token ids (bs, sl), got " + x);
        Tensor out = inputDp.apply(encoderDp.apply(x));
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        Tensor keep = active.view(1, active.size(0), 1);
        for (int l = 0; l < config.nLayers(); l++) {
            RnnOutput r = rnns.get(l).apply(out, s.h().get(l), s.c().get(l));
            hs.add(r.h().mul(keep).add(s.h().get(l).mul(keep.neg().add(1))));
            cs.add(r.c().mul(keep).add(s.c().get(l).mul(keep.neg().add(1))));
            out = r.output();
            if (l != config.nLayers() - 1) out = hiddenDps.get(l).apply(out);
        }
        return new Chunk(out.mul(active.view(active.size(0), 1, 1)), new State(hs, cs));
    }

    /**
     * fastai's {@code awd_lstm_lm_split}: one layer group per LSTM (with its dropout), then the embedding with the
     * decoder (tied, so one group): the groups {@code freezeTo} and {@code slice(lo, hi)} work on. The last group is
     * what a language model fine-tuned from pretrained weights trains first: its new embeddings.
     */
    public static List<List<Parameter>> lmSplit(Module model) {
        SequentialRNN lm = asSequential(model, "lmSplit");
        AwdLstm enc = FastaiWeights.encoderOf(lm);
        List<List<Parameter>> groups = new ArrayList<>();
        for (WeightDropout rnn : enc.rnns) groups.add(rnn.parameters());
        List<Parameter> last = new ArrayList<>(enc.encoder.parameters());
        for (Parameter p : lm.get(1).parameters()) if (!last.contains(p)) last.add(p);
        groups.add(last);
        return groups;
    }

    /** fastai's {@code awd_lstm_clas_split}: the embedding, then one group per LSTM, then the classifier head. */
    public static List<List<Parameter>> clasSplit(Module model) {
        SequentialRNN clas = asSequential(model, "clasSplit");
        if (!(clas.get(0) instanceof SentenceEncoder se)) {
            throw new IllegalArgumentException("clasSplit expects SequentialRNN(SentenceEncoder, head), got " + clas.get(0).getClass().getSimpleName() + " first");
        }
        AwdLstm enc = se.module;
        List<List<Parameter>> groups = new ArrayList<>();
        groups.add(enc.encoder.parameters());
        for (WeightDropout rnn : enc.rnns) groups.add(rnn.parameters());
        groups.add(clas.get(1).parameters());
        return groups;
    }

    private static SequentialRNN asSequential(Module model, String what) {
        if (!(model instanceof SequentialRNN s)) throw new IllegalArgumentException(what + " expects a SequentialRNN, got " + model.getClass().getSimpleName());
        return s;
    }

    public Config config() {
        return config;
    }

    public int vocabSize() {
        return vocabSz;
    }

    public int padToken() {
        return config.padToken();
    }

    @Override
    protected String describe() {
        return "AwdLstm(vocab " + vocabSz + ", emb " + config.embSz() + ", hidden " + config.nHid() + ", " + config.nLayers() + " layers)";
    }
}
