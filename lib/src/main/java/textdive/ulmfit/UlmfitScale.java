package textdive.ulmfit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import textdive.course.Scale;
import textdive.models.AwdLstm;

/**
 * The sizes of the ULMFiT chapters at each {@link Scale}, in one place: the notebooks, the {@code pretrain} command and
 * the benchmarks read them from here, so that what the README reports is what a notebook runs. {@link #FULL} is the
 * book's recipe (for a GPU); {@link #CPU} what a 2-core CPU trains in about an hour a notebook; {@link #CI} the test
 * suite's seconds.
 *
 * @param lm       the AWD-LSTM's sizes (dropouts are fastai's)
 * @param maxVocab the largest vocab (fastai's max_vocab)
 */
public record UlmfitScale(String name, AwdLstm.Config lm, int maxVocab, Stage1 stage1, Stage2 stage2, Stage3 stage3) {

    /**
     * Stage 1, general English: Penn Treebank's train split (the first {@code ptbLines}, 0 = all) plus WikiText-2's
     * test split when {@code wikitext}, {@code epochs} of one-cycle at {@code lr}.
     */
    public record Stage1(int ptbLines, boolean wikitext, int bs, int seqLen, double dropMult, int epochs, double lr) {
    }

    /**
     * Stage 2, the IMDb language model: {@code dataset} (a {@code URLs} name), the texts of its {@code folders} up to
     * {@code maxTokens}, {@code frozenEpochs} with only the new head trained, then {@code unfrozenEpochs} with every layer
     * (the book: 1 at 2e-2, then 10 at 2e-3). From random weights (the ablation) it trains as many epochs in one cycle.
     * The book reads train, test and unsup; where the classifier is tested on a few of the test reviews (the cpu and ci
     * scales), the language model reads only train and unsup, so that no test review is seen before it is scored.
     */
    public record Stage2(String dataset, List<String> folders, long maxTokens, int bs, int seqLen, double dropMult, int frozenEpochs, double frozenLr, int unfrozenEpochs,
            double unfrozenLr) {
        public Stage2 {
            folders = List.copyOf(folders);
            if (frozenEpochs < 0 || unfrozenEpochs < 0 || frozenEpochs + unfrozenEpochs == 0)
                throw new IllegalArgumentException("stage 2 needs some epochs and none negative, not frozenEpochs " + frozenEpochs + " and unfrozenEpochs " + unfrozenEpochs);
        }
    }

    /**
     * Stage 3, the classifier: at most {@code maxTrain} labelled training reviews and {@code maxValid} test reviews,
     * the book's four stages of gradual unfreezing with {@code epochs[i]} epochs at rate {@code lrs[i]} (stage i > 0
     * as {@code slice(lr / 2.6^4, lr)}).
     */
    public record Stage3(String dataset, int maxTrain, int maxValid, int bs, int seqLen, int maxLen, double dropMult, int[] epochs, double[] lrs) {
        /** The settings with the arrays' values (a record prints an array's identity), as a fingerprint of a run needs them. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Stage3[dataset=%s, maxTrain=%d, maxValid=%d, bs=%d, seqLen=%d, maxLen=%d, dropMult=%s, epochs=%s, lrs=%s]", dataset, maxTrain,
                    maxValid, bs, seqLen, maxLen, dropMult, Arrays.toString(epochs), Arrays.toString(lrs));
        }
    }

    /** The book's recipe: fastai's defaults and the chapter's settings. */
    public static final UlmfitScale FULL = new UlmfitScale("full", AwdLstm.Config.LM, 60_000,
            new Stage1(0, true, 64, 72, 1.0, 30, 1e-2),
            new Stage2("IMDB", List.of("train", "test", "unsup"), Long.MAX_VALUE, 128, 80, 0.3, 1, 2e-2, 10, 2e-3),
            new Stage3("IMDB", Integer.MAX_VALUE, Integer.MAX_VALUE, 128, 72, 72 * 20, 0.5, new int[] {1, 1, 1, 2}, new double[] {2e-2, 1e-2, 5e-3, 1e-3}));

    /** What a 2-core CPU trains in about an hour a notebook (see README "ULMFiT at the CPU scale" for why these sizes). */
    public static final UlmfitScale CPU = new UlmfitScale("cpu", AwdLstm.Config.LM.withSizes(200, 600, 3), 16_000,
            new Stage1(0, true, 32, 64, 0.5, 3, 5e-3),
            new Stage2("IMDB", List.of("train", "unsup"), 700_000, 32, 64, 0.3, 1, 2e-2, 3, 2e-3),
            new Stage3("IMDB", 1000, 500, 16, 72, 72 * 4, 0.5, new int[] {1, 1, 1, 1}, new double[] {2e-2, 1e-2, 5e-3, 1e-3}));

    /** The test suite: a tiny model on a slice of the data. */
    public static final UlmfitScale CI = new UlmfitScale("ci", AwdLstm.Config.LM.withSizes(16, 24, 2), 2_000,
            new Stage1(800, false, 8, 16, 0.5, 1, 1e-2),
            new Stage2("IMDB_SUBSET", List.of("train", "unsup"), 40_000, 8, 16, 0.3, 1, 2e-2, 1, 2e-3),
            new Stage3("IMDB_SUBSET", 64, 64, 8, 16, 64, 0.5, new int[] {1, 1, 1, 1}, new double[] {2e-2, 1e-2, 5e-3, 1e-3}));

    /** The sizes of the scale this process runs at. */
    public static UlmfitScale current() {
        return Scale.pick(FULL, CPU, CI);
    }

    /** The scale called {@code ci}, {@code cpu} or {@code full} (any case), as on a command line. */
    public static UlmfitScale named(String name) {
        return switch (Scale.named(name)) {
            case CI -> CI;
            case CPU -> CPU;
            case FULL -> FULL;
        };
    }

    /** The same sizes with another language model (the classifier's config shares the LM's sizes). */
    public AwdLstm.Config clas() {
        return AwdLstm.Config.CLAS.withSizes(lm.embSz(), lm.nHid(), lm.nLayers());
    }

    /** Language-model batch size (stage 2). */
    public int lmBs() {
        return stage2.bs();
    }

    public int lmSeqLen() {
        return stage2.seqLen();
    }

    public int lmVocab() {
        return maxVocab;
    }
}
