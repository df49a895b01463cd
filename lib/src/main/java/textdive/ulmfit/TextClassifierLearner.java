package textdive.ulmfit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import textdive.data.Batch;
import textdive.data.DataLoader;
import textdive.data.PadChunk;
import textdive.data.SortedDL;
import textdive.data.TextDataLoaders;
import textdive.io.SectionFile;
import textdive.io.torch.TorchTensor;
import textdive.learn.Metric;
import textdive.learn.Metrics;
import textdive.learn.TextLearner;
import textdive.models.AwdLstm;
import textdive.models.FastaiWeights;
import textdive.models.SentenceEncoder;
import textdive.models.SequentialRNN;
import textdive.models.WeightsFile;
import textdive.nn.Losses;

/**
 * fastai's {@code text_classifier_learner}: ULMFiT's stage 3. The fine-tuned language model's encoder reads each
 * review chunk by chunk ({@link SentenceEncoder}), a pooling head decides, and training unfreezes gradually:
 * <pre>
 * var learn = textClassifierLearner(dlsClas, AwdLstm.Config.CLAS).dropMult(0.5).build();
 * learn.loadEncoder(Path.of("finetuned.weights"));       // frozen: only the head trains
 * learn.fitOneCycle(1, 2e-2);
 * learn.freezeTo(-2);
 * learn.fitOneCycle(1, slice(1e-2 / Math.pow(2.6, 4), 1e-2));
 * </pre>
 */
public class TextClassifierLearner extends TextLearner {
    private final TextDataLoaders dls;
    private final AwdLstm.Config config;

    TextClassifierLearner(TextDataLoaders dls, AwdLstm.Config config, double dropMult, int seqLen, int maxLen, List<Metric> metrics) {
        super(dls, AwdLstm.textClassifier(dls.vocab().size(), dls.classes().size(), config, dropMult, seqLen, maxLen), Losses.crossEntropy(), metrics,
                List.of(), 2.0, 1.0);
        this.dls = dls;
        this.config = config;
        splitter(AwdLstm::clasSplit);
        addCb(new LongTextChunks(sentenceEncoder()));
    }

    /** fastai's {@code text_classifier_learner(dls, AWD_LSTM, drop_mult=0.5, seq_len=72, max_len=72*20)}: named options, then {@code build()}. */
    public static Builder textClassifierLearner(TextDataLoaders dls, AwdLstm.Config config) {
        return new Builder(dls, config);
    }

    /** The options of {@link #textClassifierLearner} (fastai's defaults: drop_mult 0.5, accuracy). */
    public static final class Builder extends TextLearnerBuilder<Builder, TextClassifierLearner> {
        private int seqLen = 72;
        private int maxLen = 72 * 20;

        Builder(TextDataLoaders dls, AwdLstm.Config config) {
            super("textClassifierLearner", dls, config, "AwdLstm.Config.CLAS", 0.5, List.of(Metrics.accuracy()));
            if (dls.isLanguageModel()) throw new IllegalArgumentException("textClassifierLearner needs classifier DataLoaders (with classes); these are a language model's");
            if (dls.classes().size() < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, the data has " + dls.classes());
        }

        /** The chunk length the encoder reads (fastai's {@code seq_len}, 72). */
        public Builder seqLen(int seqLen) {
            this.seqLen = seqLen;
            return this;
        }

        /** How many tokens at the end of a review get gradients (fastai's {@code max_len}, 72 * 20). */
        public Builder maxLen(int maxLen) {
            this.maxLen = maxLen;
            return this;
        }

        @Override
        TextClassifierLearner create() {
            return new TextClassifierLearner(dls, config, dropMult, seqLen, maxLen, metrics);
        }

        @Override
        void load(TextClassifierLearner learn, Map<String, TorchTensor> stateDict, String what) {
            FastaiWeights.loadEncoder(learn.sentenceEncoder().module, stateDict, what);
        }
    }

    public SentenceEncoder sentenceEncoder() {
        return (SentenceEncoder) ((SequentialRNN) model()).get(0);
    }

    public TextDataLoaders textDls() {
        return dls;
    }

    public List<String> classes() {
        return dls.classes();
    }

    /**
     * fastai's {@code load_encoder}: the fine-tuned language model's encoder ({@code LMLearner.saveEncoder}), then
     * {@code freeze()}. Its vocab must be the classifier data's (build the classifier DataLoaders with the language
     * model's vocab), and its direction the data's.
     */
    public TextClassifierLearner loadEncoder(Path file) throws IOException {
        WeightsFile enc = WeightsFile.load(file);
        if (!enc.vocab().equals(dls.vocab().vocab())) {
            throw new IllegalArgumentException(file + " was saved with a vocab of " + enc.vocab().size() + " tokens, but the classifier's DataLoaders have "
                    + dls.vocab().size() + " (or other tokens): build them with the language model's vocab, TextDataLoaders.classifier(path).vocab(dlsLm.vocab())");
        }
        if (enc.backwards() != dls.backwards()) {
            throw new IllegalArgumentException(file + " is a " + (enc.backwards() ? "backwards" : "forwards") + " encoder, the DataLoaders are "
                    + (dls.backwards() ? "backwards" : "forwards"));
        }
        FastaiWeights.loadEncoder(sentenceEncoder().module, enc.weights(), file.toString());
        freeze();
        return this;
    }

    /** A review's class and the probability of each class. */
    public record Prediction(String label, Map<String, Double> probs) {
    }

    /** fastai's {@code predict}: the class of a text and each class's probability (softmax of the head's output). */
    public Prediction predict(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("predict needs a review, got an empty one");
        List<String> toks = dls.tokenizer().tokenize(text);
        int[] ids = dls.vocab().encode(toks);
        if (dls.backwards()) ids = reversed(ids);
        int seqLen = sentenceEncoder().seqLen();
        int[] padded = PadChunk.pad(List.of(ids), seqLen, PadChunk.PAD_IDX, true, true);
        try {
            double[] p = softmax(forward(Batch.of(padded)).row(0).data());
            Map<String, Double> probs = new LinkedHashMap<>();
            int best = 0;
            for (int c = 0; c < p.length; c++) {
                probs.put(dls.classes().get(c), p[c]);
                if (p[c] > p[best]) best = c;
            }
            return new Prediction(dls.classes().get(best), probs);
        } finally {
            sentenceEncoder().reset();
        }
    }

    /** Predictions for a whole set, in the set's own item order (not the loader's length-sorted order). */
    public Preds getPreds(DataLoader dl) {
        if (!(dl instanceof SortedDL sdl) || sdl.shuffles()) throw new IllegalArgumentException("getPreds needs the validation loader (sorted, not shuffled)");
        List<double[]> batches = batchOutputs(dl);
        int n = sdl.numItems(), nc = dls.classes().size();
        int[] order = sdl.order(0);
        double[][] probs = new double[n][];
        int[] targets = new int[n];
        int k = 0;
        for (double[] logits : batches) {
            for (int r = 0; r < logits.length / nc; r++) {
                probs[order[k]] = softmax(Arrays.copyOfRange(logits, r * nc, (r + 1) * nc));
                k++;
            }
        }
        int j = 0;
        for (Batch b : sdl) {
            for (int r = 0; r < b.size(); r++) targets[order[j++]] = b.targetRow(r)[0];
        }
        return new Preds(probs, targets, dls.classes());
    }

    /** Predictions on the validation set. */
    public Preds getPreds() {
        return getPreds(dls.valid());
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    /** Saved beside the weights: the vocab and the class names (a reloaded learner must read the same ids and labels). */
    @Override
    protected Map<String, SectionFile.Body> extraSections() {
        return Map.of("vocab", out -> WeightsFile.writeVocab(out, dls.vocab().vocab()),
                "classes", out -> WeightsFile.writeVocab(out, dls.classes()),
                "config", out -> WeightsFile.writeConfig(out, config));
    }

    @Override
    protected void readExtraSections(SectionFile.Reader r) throws IOException {
        if (r.has("vocab") && !WeightsFile.readVocab(r.section("vocab")).equals(dls.vocab().vocab())) {
            throw new IllegalArgumentException(r.file() + " was saved with another vocab than these DataLoaders'");
        }
        if (r.has("classes")) {
            List<String> saved = WeightsFile.readVocab(r.section("classes"));
            if (!saved.equals(dls.classes())) throw new IllegalArgumentException(r.file() + " was saved for the classes " + saved + ", these DataLoaders have " + dls.classes());
        }
    }

    @Override
    public String toString() {
        return "TextClassifierLearner(" + dls.classes() + ", " + new ArrayList<>(List.of(config.embSz(), config.nHid(), config.nLayers())) + ")";
    }
}
