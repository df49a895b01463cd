package textdive.learn;

import textdive.nn.Tensor;

/** fastai's metrics. */
public final class Metrics {
    private Metrics() {
    }

    /** Fraction of argmax predictions equal to the target; sequence outputs count every position. */
    public static Metric accuracy() {
        return new Metric() {
            public String name() {
                return "accuracy";
            }

            public Tensor value(Tensor pred, Tensor target, Tensor loss) {
                Tensor p = pred.part(0);
                if (p.dim() != target.dim() + 1) {
                    throw new IllegalArgumentException("accuracy expects predictions with one more dimension than the targets, got " + p.shape() + " and " + target.shape());
                }
                return p.argmax(-1).eq(target).mean();
            }
        };
    }

    /** exp(average cross-entropy): how many words the model hesitates between. */
    public static Metric perplexity() {
        return new Metric() {
            public String name() {
                return "perplexity";
            }

            public Tensor value(Tensor pred, Tensor target, Tensor loss) {
                return loss;
            }

            public double finish(double average) {
                return Math.exp(average);
            }
        };
    }
}
