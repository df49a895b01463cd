package textdive.ulmfit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import textdive.config.Settings;
import textdive.data.DataLoader;
import textdive.data.LMDataLoader;
import textdive.data.LmDataBuilder;
import textdive.data.SeekableLoader;
import textdive.data.SortedDL;
import textdive.data.TextDataLoaders;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.learn.Lr;
import textdive.learn.Metrics;
import textdive.models.Pretrained;
import textdive.models.WeightsFile;
import textdive.nn.Rng;

/**
 * ULMFiT's stages 2 and 3 as the book runs them, at a {@link UlmfitScale}, for the benchmark and for a notebook that
 * needs an earlier stage's result: the notebooks spell each step out; these run the same steps and keep what they
 * make in the model cache ({@code <TEXTDIVE_DATA>/models}), beside stage 1's.
 */
public final class Stages {
    private Stages() {
    }

    /**
     * What a stage made: its learner's history, the validation metrics, its training wall time, the wall time of the
     * predictions made after training (0 when there are none), and the training tokens per second (training time only).
     */
    public record Outcome(String what, String history, double[] valid, double seconds, double predictSeconds, double tokensPerSecond) {
    }

    /** The IMDb folder of a scale. */
    public static Path imdb(UlmfitScale s) {
        return UntarData.untarData(s.stage2().dataset().equals("IMDB_SUBSET") ? URLs.IMDB_SUBSET : URLs.IMDB);
    }

    /** The IMDb language-model DataLoaders of a scale (the book: train + test + unsup, 10 % held out; see {@link UlmfitScale.Stage2}). */
    public static TextDataLoaders lmData(UlmfitScale s, boolean backwards) throws IOException {
        return lmDataBuilder(s, imdb(s), backwards).build();
    }

    /** {@link #lmData}'s builder over the IMDb-shaped folder {@code root}, before it reads anything (tests shrink its sizes). */
    static LmDataBuilder lmDataBuilder(UlmfitScale s, Path root, boolean backwards) {
        var st = s.stage2();
        return TextDataLoaders.languageModel(root).folders(st.folders()).validPct(0.1).bs(st.bs()).seqLen(st.seqLen())
                .maxVocab(s.maxVocab(), 3).maxTokens(st.maxTokens()).backwards(backwards);
    }

    /**
     * The classifier DataLoaders of a scale on the language model's vocab (the book: train vs test); {@code lm} null builds
     * their own vocab (the bag-of-words baseline's: every word seen 3 times, not the language model's).
     */
    public static TextDataLoaders clasData(UlmfitScale s, TextDataLoaders lm, boolean backwards) throws IOException {
        var st = s.stage3();
        return TextDataLoaders.classifier(imdb(s)).train("train").valid("test").vocab(lm == null ? null : lm.vocab()).bs(st.bs()).seqLen(st.seqLen())
                .maxTrain(st.maxTrain()).maxValid(st.maxValid()).backwards(backwards).build();
    }

    /** Where stage 2's encoder of this scale is kept: direction, and whether it started from stage 1. */
    public static Path encoderFile(UlmfitScale s, boolean backwards, boolean fromStage1) {
        return Settings.dataDir().resolve("models").resolve("imdb-lm-" + s.name() + "-" + (backwards ? "bwd" : "fwd") + (fromStage1 ? "" : "-scratch") + ".encoder");
    }

    /**
     * Stage 2: the IMDb language model, from stage 1's model ({@code pretrained}): the frozen epochs then the unfrozen
     * ones, as chapter 10 (one, then ten). With {@code pretrained} null, the ablation: the same model from scratch on the
     * same token budget (as many epochs, one cycle at stage 1's from-scratch rate). Saves the encoder to {@link #encoderFile}.
     */
    public static Outcome fineTuneLm(UlmfitScale s, TextDataLoaders dls, Pretrained pretrained) throws IOException {
        long t0 = System.nanoTime();
        Rng.seed(42);
        var st = s.stage2();
        var b = LMLearner.languageModelLearner(dls, s.lm()).dropMult(st.dropMult()).metrics(Metrics.accuracy(), Metrics.perplexity());
        if (pretrained != null) b.pretrained(pretrained);
        int epochs = st.frozenEpochs() + st.unfrozenEpochs();
        try (LMLearner learn = b.build()) {
            if (pretrained != null) {
                if (st.frozenEpochs() > 0) learn.fitOneCycle(st.frozenEpochs(), st.frozenLr());
                learn.unfreeze();
                if (st.unfrozenEpochs() > 0) learn.fitOneCycle(st.unfrozenEpochs(), st.unfrozenLr());
            } else {
                learn.fitOneCycle(epochs, s.stage1().lr());
            }
            learn.saveEncoder(encoderFile(s, dls.backwards(), pretrained != null));
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Outcome("IMDb language model" + (pretrained != null ? "" : " without stage 1") + (dls.backwards() ? ", backwards" : ""),
                    learn.recorder().history(), learn.validate(), seconds, 0, trainTokens(dls) * epochs / seconds);
        }
    }

    /**
     * Stage 2 as notebook 09 trains it, to the last bit: {@link #fineTuneLm} from the loader epoch at which the notebook
     * starts this model. The notebook shows a forwards batch first (one shuffle), trains the forwards model for
     * {@code frozenEpochs + unfrozenEpochs} epochs, then the model from random weights on the same loader; its backwards loader
     * shows nothing. Whatever else writes {@link #encoderFile} (the benchmark, {@link #encoder} when the cache lacks it)
     * trains through here, so that every way of making that file makes the same model.
     */
    public static Outcome fineTuneLmAsNotebook09(UlmfitScale s, TextDataLoaders lm, Pretrained pretrained) throws IOException {
        int epoch = lm.backwards() ? 0 : pretrained != null ? 1 : 1 + s.stage2().frozenEpochs() + s.stage2().unfrozenEpochs();
        ((SeekableLoader) lm.train()).seekEpoch(epoch);
        return fineTuneLm(s, lm, pretrained);
    }

    /** The tokens one epoch of a language model's training loader reads (its rows' length times the batch size). */
    private static long trainTokens(TextDataLoaders dls) {
        var dl = (LMDataLoader) dls.train();
        return (long) dl.rowLength() * dl.batchSize();
    }

    /**
     * Stage 3: the classifier with gradual unfreezing (the book's four stages), its encoder from {@code encoder} (null:
     * no pretraining at all). Returns the outcome and the validation predictions.
     */
    public static Map.Entry<Outcome, Preds> classifier(UlmfitScale s, TextDataLoaders dls, Path encoder) throws IOException {
        return classifier(s, dls, encoder, null);
    }

    /**
     * {@link #classifier(UlmfitScale, TextDataLoaders, Path)}, with the returned predictions made on {@code test} instead
     * (null: the validation set): a large test set read once at the end, while each epoch reports a small one.
     */
    public static Map.Entry<Outcome, Preds> classifier(UlmfitScale s, TextDataLoaders dls, Path encoder, DataLoader test) throws IOException {
        long t0 = System.nanoTime();
        Rng.seed(42);
        var st = s.stage3();
        try (TextClassifierLearner learn = TextClassifierLearner.textClassifierLearner(dls, s.clas()).dropMult(st.dropMult())
                .seqLen(st.seqLen()).maxLen(st.maxLen()).build()) {
            if (encoder != null) learn.loadEncoder(encoder);
            else learn.freeze();
            int[] groups = {-1, -2, -3, 0};
            for (int stage = 0; stage < 4; stage++) {
                if (stage > 0) learn.freezeTo(groups[stage]);
                double lr = st.lrs()[stage];
                if (stage == 0) learn.fitOneCycle(st.epochs()[0], lr);
                else learn.fitOneCycle(st.epochs()[stage], Lr.slice(lr / Math.pow(2.6, 4), lr));
            }
            long t1 = System.nanoTime();
            double seconds = (t1 - t0) / 1e9;
            Preds preds = test == null ? learn.getPreds() : learn.getPreds(test);
            double predictSeconds = (System.nanoTime() - t1) / 1e9;
            long tokens = 0;
            var dl = (SortedDL) dls.train();
            for (int[] d : dl.docs()) tokens += d.length;
            int epochs = 0;
            for (int e : st.epochs()) epochs += e;
            return Map.entry(new Outcome("classifier" + (dls.backwards() ? ", backwards" : "") + (encoder == null ? " without pretraining" : ""),
                    learn.recorder().history(), learn.validate(), seconds, predictSeconds, tokens * (double) epochs / seconds), preds);
        }
    }

    /**
     * The classifiers notebook 10 trains, in its order. The forwards one starts after the batch the notebook shows; the
     * backwards one has a loader of its own that shows nothing; the two ablations train on the forwards loader after the
     * forwards model, first the one without pretraining.
     */
    public enum Notebook10Classifier {
        FORWARDS, BACKWARDS, NO_PRETRAINING, IMDB_LM_ONLY;

        /** The training loader's epoch at which notebook 10 starts this classifier. */
        public int startEpoch(UlmfitScale s) {
            int perModel = IntStream.of(s.stage3().epochs()).sum();
            return switch (this) {
                case FORWARDS -> 1;
                case BACKWARDS -> 0;
                case NO_PRETRAINING -> 1 + perModel;
                case IMDB_LM_ONLY -> 1 + 2 * perModel;
            };
        }
    }

    /**
     * Stage 3 as notebook 10 trains {@code which}, to the last bit: {@link #classifier} from the training loader's epoch
     * at which the notebook starts it, so that the benchmark's few-labels rows are the notebook's numbers.
     */
    public static Map.Entry<Outcome, Preds> classifierAsNotebook10(UlmfitScale s, TextDataLoaders dls, Path encoder, Notebook10Classifier which)
            throws IOException {
        if (dls.backwards() != (which == Notebook10Classifier.BACKWARDS))
            throw new IllegalArgumentException("the " + which + " classifier trains on " + (dls.backwards() ? "forwards" : "backwards") + " DataLoaders, not " + (dls.backwards() ? "backwards" : "forwards") + " ones");
        if ((encoder == null) != (which == Notebook10Classifier.NO_PRETRAINING))
            throw new IllegalArgumentException("the " + which + " classifier " + (encoder == null ? "needs an encoder, got none" : "takes no encoder, got " + encoder));
        ((SeekableLoader) dls.train()).seekEpoch(which.startEpoch(s));
        return classifier(s, dls, encoder);
    }

    /**
     * Stage 2's encoder for these language-model DataLoaders, from the cache when the one there matches (the same vocab
     * and sizes), else fine-tuned now (from stage 1, or without it) as notebook 09 fine-tunes it, which moves
     * {@code lm}'s training loader to the notebook's epoch: what a notebook or the benchmark needs when an earlier
     * notebook has not run, or ran with other settings.
     */
    public static Path encoder(UlmfitScale s, TextDataLoaders lm, boolean fromStage1) throws IOException {
        Path f = cachedEncoder(s, lm, fromStage1);
        if (f != null) return f;
        fineTuneLmAsNotebook09(s, lm, fromStage1 ? Pretrain.cachedOrTrain(s, lm.backwards()) : null);
        return encoderFile(s, lm.backwards(), fromStage1);
    }

    /** The cached stage-2 encoder if it matches these DataLoaders' vocab and the scale's sizes, else null. */
    public static Path cachedEncoder(UlmfitScale s, TextDataLoaders lm, boolean fromStage1) throws IOException {
        Path f = encoderFile(s, lm.backwards(), fromStage1);
        if (!Files.isRegularFile(f)) return null;
        WeightsFile w = WeightsFile.load(f);
        var c = w.config();
        boolean same = w.vocab().equals(lm.vocab().vocab()) && c.embSz() == s.lm().embSz() && c.nHid() == s.lm().nHid() && c.nLayers() == s.lm().nLayers();
        return same ? f : null;
    }
}
