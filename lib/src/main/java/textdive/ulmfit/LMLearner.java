package textdive.ulmfit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import textdive.data.Batch;
import textdive.data.TextDataLoaders;
import textdive.io.SectionFile;
import textdive.io.torch.TorchTensor;
import textdive.learn.Metric;
import textdive.learn.TextLearner;
import textdive.models.AwdLstm;
import textdive.models.FastaiWeights;
import textdive.models.Pretrained;
import textdive.models.SequentialRNN;
import textdive.models.WeightsFile;
import textdive.nn.Losses;
import textdive.nn.Rng;
import textdive.nn.TensorValue;
import textdive.text.DecodeSpecTokens;
import textdive.text.Numericalize;
import textdive.text.SpecialTokens;

/**
 * fastai's {@code LMLearner}: a {@link TextLearner} for an AWD-LSTM language model, split into fastai's layer groups
 * ({@link AwdLstm#lmSplit}), that generates text ({@link #predict}) and hands its encoder to a classifier
 * ({@link #saveEncoder}). Made by {@link #languageModelLearner}:
 * <pre>
 * var learn = languageModelLearner(dlsLm, AwdLstm.Config.LM).dropMult(0.3).pretrained(wt103).metrics(accuracy(), perplexity()).build();
 * learn.fitOneCycle(1, 2e-2);   // frozen: only the new embeddings and the decoder train
 * learn.unfreeze();
 * learn.fitOneCycle(10, 2e-3);
 * </pre>
 */
public class LMLearner extends TextLearner {
    private final TextDataLoaders dls;
    private final AwdLstm.Config config;
    private final double dropMult;

    LMLearner(TextDataLoaders dls, AwdLstm.Config config, double dropMult, List<Metric> metrics) {
        super(dls, AwdLstm.languageModel(dls.vocab().size(), config, dropMult), Losses.crossEntropyFlat(), metrics, List.of(), 2.0, 1.0);
        this.dls = dls;
        this.config = config;
        this.dropMult = dropMult;
        splitter(AwdLstm::lmSplit);
    }

    /** fastai's {@code language_model_learner(dls, AWD_LSTM, config, drop_mult, pretrained)}: named options, then {@code build()}. */
    public static Builder languageModelLearner(TextDataLoaders dls, AwdLstm.Config config) {
        return new Builder(dls, config);
    }

    /** The options of {@link #languageModelLearner} (fastai's defaults: drop_mult 1, no metrics). */
    public static final class Builder extends TextLearnerBuilder<Builder, LMLearner> {
        Builder(TextDataLoaders dls, AwdLstm.Config config) {
            super("languageModelLearner", dls, config, "AwdLstm.Config.LM", 1.0, List.of());
            if (!dls.isLanguageModel()) throw new IllegalArgumentException("languageModelLearner needs language-model DataLoaders; these have classes " + dls.classes());
        }

        @Override
        LMLearner create() {
            return new LMLearner(dls, config, dropMult, metrics);
        }

        @Override
        void load(LMLearner learn, Map<String, TorchTensor> stateDict, String what) {
            FastaiWeights.load((SequentialRNN) learn.model(), stateDict, what);
        }
    }

    public AwdLstm.Config config() {
        return config;
    }

    public double dropMult() {
        return dropMult;
    }

    public TextDataLoaders textDls() {
        return dls;
    }

    /** The language model's encoder (the part a classifier reuses). */
    public AwdLstm encoder() {
        return (AwdLstm) ((SequentialRNN) model()).get(0);
    }

    // ---------- generation ----------

    /**
     * fastai's {@code predict(text, n_words, temperature)}: {@code text} and the {@code nWords} tokens the model
     * writes after it, sampled from its predictions (never {@code xxunk}), each probability raised to the power
     * {@code 1/temperature} (below 1: safer, more repetitive text). The case and repetition tokens are decoded back
     * ({@code xxmaj the} -> {@code The}). Seeded by {@link Rng}, so a seed repeats the text.
     */
    public String predict(String text, int nWords, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        if (nWords < 0) throw new IllegalArgumentException("nWords must be >= 0, got " + nWords);
        if (text == null) throw new IllegalArgumentException("predict needs a prompt, got null");
        Numericalize vocab = dls.vocab();
        List<String> toks = dls.tokenizer().tokenize(text);
        int[] ids = vocab.encode(toks);
        boolean anyKnown = false;
        for (int i = 0; i < ids.length; i++) anyKnown |= ids[i] != 0 && !SpecialTokens.ALL.contains(toks.get(i));
        if (!anyKnown) {
            throw new IllegalArgumentException("the prompt '" + text + "' has no word the model knows (its tokens " + toks + " are all xxunk or special tokens)");
        }
        if (dls.backwards()) ids = reversed(ids);
        int unk = vocab.id(SpecialTokens.UNK);
        SplittableRandom rng = Rng.split();
        List<Integer> all = new ArrayList<>();
        for (int id : ids) all.add(id);
        model().reset();
        try {
            TensorValue out = forward(Batch.of(ids));
            for (int k = 0; k < nWords; k++) {
                double[] logits = out.row(0).row((int) out.size(1) - 1).data();
                int next = sample(logits, unk, temperature, rng);
                all.add(next);
                out = forward(Batch.of(new int[] {next}));
            }
        } finally {
            model().reset();
        }
        List<Integer> order = dls.backwards() ? reversedList(all) : all;
        List<String> words = new ArrayList<>();
        for (int id : order) {
            String t = vocab.vocab().get(id);
            if (!t.equals(SpecialTokens.BOS) && !t.equals(SpecialTokens.PAD)) words.add(t);
        }
        return String.join(" ", DecodeSpecTokens.decodeSpecTokens(words));
    }

    /** Softmax, no {@code xxunk}, temperature, then one draw (fastai: {@code res.pow_(1/temperature)}; {@code multinomial}). */
    static int sample(double[] logits, int unk, double temperature, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = i == unk ? 0 : Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        double u = rng.nextDouble() * sum, acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        for (int i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
        throw new IllegalStateException("no token can be sampled");
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    private static List<Integer> reversedList(List<Integer> a) {
        List<Integer> r = new ArrayList<>(a);
        Collections.reverse(r);
        return r;
    }

    // ---------- moving the encoder to a classifier ----------

    /** fastai's {@code save_encoder}: the encoder's weights under fastai's names, with the vocab they index. */
    public void saveEncoder(Path file) throws IOException {
        new WeightsFile(FastaiWeights.encoderStateDict(encoder()), dls.vocab().vocab(), config, dls.backwards(), encoderProvenance()).save(file);
    }

    /** What the encoder file says it holds (shown when it is loaded, and in its errors). */
    String encoderProvenance() {
        return "encoder of a " + (dls.backwards() ? "backwards" : "forwards") + " AWD-LSTM language model " + config.embSz() + "/" + config.nHid()
                + "/" + config.nLayers() + ", vocab " + dls.vocab().size();
    }

    /** fastai's {@code load_encoder}: reads an encoder saved by {@link #saveEncoder}, then freezes the learner. */
    public void loadEncoder(Path file) throws IOException {
        WeightsFile enc = WeightsFile.load(file);
        if (!enc.vocab().equals(dls.vocab().vocab())) {
            throw new IllegalArgumentException(file + " was saved with a vocab of " + enc.vocab().size() + " tokens that differs from these DataLoaders' ("
                    + dls.vocab().size() + "): build the DataLoaders with the encoder's vocab");
        }
        FastaiWeights.loadEncoder(encoder(), enc.weights(), file.toString());
        freeze();
    }

    /** Saved beside the weights: the vocab the embedding rows index, the model's config and the text's direction. */
    @Override
    protected Map<String, SectionFile.Body> extraSections() {
        return Map.of("vocab", out -> WeightsFile.writeVocab(out, dls.vocab().vocab()),
                "config", out -> WeightsFile.writeConfig(out, config),
                "backwards", out -> out.writeInt(dls.backwards() ? 1 : 0));
    }

    @Override
    protected void readExtraSections(SectionFile.Reader r) throws IOException {
        if (r.has("vocab")) {
            List<String> saved = WeightsFile.readVocab(r.section("vocab"));
            if (!saved.equals(dls.vocab().vocab())) {
                throw new IllegalArgumentException(r.file() + " was saved with a vocab of " + saved.size() + " tokens that differs from these DataLoaders' ("
                        + dls.vocab().size() + "): load it into a learner built on the same vocab");
            }
        }
        if (r.has("config")) {
            AwdLstm.Config saved = WeightsFile.readConfig(r.section("config"));
            if (saved.embSz() != config.embSz() || saved.nHid() != config.nHid() || saved.nLayers() != config.nLayers()) {
                throw new IllegalArgumentException(r.file() + " holds a model of emb " + saved.embSz() + ", hidden " + saved.nHid() + ", " + saved.nLayers()
                        + " layers; this learner's is " + config.embSz() + ", " + config.nHid() + ", " + config.nLayers());
            }
        }
    }

    /** This language model as a pretrained model for another data set (the stage-1 cache). */
    public Pretrained export(String provenance) {
        return new Pretrained(FastaiWeights.stateDict((SequentialRNN) model()), dls.vocab().vocab(), config, dls.backwards(), provenance);
    }
}
