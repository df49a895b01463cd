package textdive.models;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.types.family.TIntegral;
import textdive.nn.Embedding;
import textdive.nn.EmbeddingDropout;
import textdive.nn.Hidden;
import textdive.nn.Init;
import textdive.nn.LSTM;
import textdive.nn.Module;
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

        /** All dropout probabilities times {@code m} (fastai's {@code drop_mult}). */
        public Config dropMult(double m) {
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
    private final int embSz;
    private final int nHid;
    private final int nLayers;
    private final int padToken;
    private final int bs;

    /**
     * {@code bs} fixes the shape of the carried hidden state (graphs have static shapes); fastai infers it
     * from the first batch. {@code padToken}'s embedding row gets no gradient from lookups (PyTorch's
     * {@code padding_idx}); fastai's U(-0.1, 0.1) initialisation overwrites it like every other row.
     */
    public AwdLstm(int vocabSz, int embSz, int nHid, int nLayers, int padToken, double hiddenP, double inputP, double embedP, double weightP, int bs) {
        if (vocabSz < 1 || embSz < 1 || nHid < 1 || nLayers < 1 || bs < 1) {
            throw new IllegalArgumentException("AwdLstm sizes must be positive: vocabSz " + vocabSz + ", embSz " + embSz + ", nHid " + nHid + ", nLayers " + nLayers + ", bs " + bs);
        }
        this.vocabSz = vocabSz;
        this.embSz = embSz;
        this.nHid = nHid;
        this.nLayers = nLayers;
        this.padToken = padToken;
        this.bs = bs;
        // construction order follows fastai's, so that Rng.seed gives PyTorch's initial weights
        Embedding emb = new Embedding(vocabSz, embSz, padToken);
        encoderDp = new EmbeddingDropout(emb, embedP);
        for (int l = 0; l < nLayers; l++) {
            int in = l == 0 ? embSz : nHid;
            int out = l == nLayers - 1 ? embSz : nHid;
            rnns.add(new WeightDropout(new LSTM(in, out, 1), weightP));
            h.add(new Hidden(1, bs, out));
            c.add(new Hidden(1, bs, out));
        }
        emb.weight = Init.uniform(INIT_RANGE, vocabSz, embSz);
        encoder = emb;
        inputDp = new RNNDropout(inputP);
        for (int l = 0; l < nLayers; l++) hiddenDps.add(new RNNDropout(hiddenP));
    }

    /** The encoder of fastai's language-model recipe, at {@code bs}. */
    public AwdLstm(int vocabSz, Config config, int bs) {
        this(vocabSz, config.embSz(), config.nHid(), config.nLayers(), config.padToken(), config.hiddenP(), config.inputP(), config.embedP(), config.weightP(), bs);
    }

    /**
     * fastai's {@code get_language_model(AWD_LSTM, vocabSz, config, drop_mult)}: this encoder followed by a
     * {@link LinearDecoder} to the vocabulary, tied to the embedding when the config says so.
     */
    public static SequentialRNN languageModel(int vocabSz, Config config, double dropMult, int bs) {
        Config cfg = config.dropMult(dropMult);
        AwdLstm enc = new AwdLstm(vocabSz, cfg, bs);
        LinearDecoder dec = new LinearDecoder(vocabSz, cfg.embSz(), cfg.outputP(), cfg.tieWeights() ? enc.encoder : null, cfg.outBias());
        return new SequentialRNN(enc, dec);
    }

    /** Token ids (bs, sl) -> the last layer's output (bs, sl, embSz). */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 2 || !TIntegral.class.isAssignableFrom(x.operand().type())) {
            throw new IllegalArgumentException(describe() + " expects integer token ids (bs, sl), got " + x);
        }
        if (x.size(0) != bs) {
            throw new IllegalArgumentException(describe() + " was built for batches of " + bs + " sequences (its hidden state has that size), got " + x.shape());
        }
        Tensor out = inputDp.apply(encoderDp.apply(x));
        for (int l = 0; l < nLayers; l++) {
            RnnOutput r = rnns.get(l).apply(out, h.get(l).value(), c.get(l).value());
            h.get(l).set(r.h());
            c.get(l).set(r.c());
            out = r.output();
            if (l != nLayers - 1) out = hiddenDps.get(l).apply(out);
        }
        return out;
    }

    public int padToken() {
        return padToken;
    }

    @Override
    protected String describe() {
        return "AwdLstm(vocab " + vocabSz + ", emb " + embSz + ", hidden " + nHid + ", " + nLayers + " layers, bs " + bs + ")";
    }
}
