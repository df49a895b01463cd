package textdive.ulmfit;

import java.util.List;
import java.util.Map;
import textdive.data.TextDataLoaders;
import textdive.learn.Metric;
import textdive.learn.TextLearner;
import textdive.models.AwdLstm;
import textdive.models.FastaiWeights;
import textdive.models.Pretrained;
import textdive.io.torch.TorchTensor;

/**
 * The options {@link LMLearner#languageModelLearner} and {@link TextClassifierLearner#textClassifierLearner} share,
 * as fastai's two functions share {@code drop_mult}, {@code pretrained} and {@code metrics}; and the one way both
 * start from a pretrained model: its vocab mapped onto the data's, its weights loaded, then the learner frozen.
 *
 * @param <B> the builder itself, so that each option returns it
 * @param <L> the learner it builds
 */
public abstract class TextLearnerBuilder<B extends TextLearnerBuilder<B, L>, L extends TextLearner> {
    protected final TextDataLoaders dls;
    protected final AwdLstm.Config config;
    protected double dropMult;
    protected List<Metric> metrics;
    private Pretrained pretrained;

    /** {@code function} names the caller in errors ({@code languageModelLearner}, {@code textClassifierLearner}). */
    TextLearnerBuilder(String function, TextDataLoaders dls, AwdLstm.Config config, String exampleConfig, double dropMult, List<Metric> metrics) {
        if (dls == null) throw new IllegalArgumentException(function + " needs DataLoaders, got null");
        if (config == null) throw new IllegalArgumentException(function + " needs an AwdLstm.Config (e.g. " + exampleConfig + "), got null");
        this.dls = dls;
        this.config = config;
        this.dropMult = dropMult;
        this.metrics = metrics;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** fastai's {@code drop_mult}: every dropout of the config times this. */
    public B dropMult(double m) {
        if (!(m >= 0)) throw new IllegalArgumentException("dropMult must be >= 0, got " + m);
        this.dropMult = m;
        return self();
    }

    /** Start from a pretrained language model: its vocab is mapped onto the data's, then the learner is frozen (fastai's default). */
    public B pretrained(Pretrained p) {
        this.pretrained = p;
        return self();
    }

    public B metrics(Metric... metrics) {
        this.metrics = List.of(metrics);
        return self();
    }

    /** The learner with these options, its weights from the pretrained model when one was given. */
    public L build() {
        if (pretrained != null) pretrained.requireFits(config, dls.backwards());
        L learn = create();
        if (pretrained != null) {
            var sd = FastaiWeights.matchEmbeds(pretrained.weights(), pretrained.vocab(), dls.vocab().vocab(), pretrained.provenance());
            load(learn, sd, pretrained.provenance());
            learn.freeze();
        }
        return learn;
    }

    /** A new learner with these options and fresh weights. */
    abstract L create();

    /** Loads the pretrained state dict (already on the data's vocab) into the part of {@code learn} it fits. */
    abstract void load(L learn, Map<String, TorchTensor> stateDict, String what);
}
