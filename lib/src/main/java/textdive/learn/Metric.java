package textdive.learn;

import textdive.nn.Tensor;

/**
 * A validation metric, computed in the graph per batch and averaged over the validation set
 * weighted by batch size (fastai's {@code AvgMetric}); {@link #finish} maps the average
 * (perplexity = exp of the average loss).
 */
public interface Metric {
    String name();

    Tensor value(Tensor pred, Tensor target, Tensor loss);

    default double finish(double average) {
        return average;
    }
}
