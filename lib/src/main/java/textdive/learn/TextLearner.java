package textdive.learn;

import java.util.ArrayList;
import java.util.List;
import textdive.data.DataLoaders;
import textdive.nn.LossFunc;
import textdive.nn.Module;

/**
 * fastai's {@code TextLearner}: a {@link Learner} for recurrent language models that adds
 * {@link ModelResetter} and {@link RNNRegularizer}(alpha, beta) and cycles momentum 0.8/0.7/0.8.
 */
public class TextLearner extends Learner {
    public TextLearner(DataLoaders dls, Module model, LossFunc lossFunc, Metric... metrics) {
        this(dls, model, lossFunc, List.of(metrics), List.of(), 2.0, 1.0);
    }

    public TextLearner(DataLoaders dls, Module model, LossFunc lossFunc, List<Metric> metrics, List<Callback> cbs, double alpha, double beta) {
        super(dls, model, lossFunc, metrics, withTextCallbacks(cbs, alpha, beta));
        moms(0.8, 0.7, 0.8);
    }

    private static List<Callback> withTextCallbacks(List<Callback> cbs, double alpha, double beta) {
        List<Callback> all = new ArrayList<>(List.of(new ModelResetter(), new RNNRegularizer(alpha, beta)));
        all.addAll(cbs);
        return all;
    }
}
