package textdive.nn;

import java.util.Arrays;

/**
 * PyTorch's {@code BatchNorm1d} on (bs, features), as fastai's classifier head uses it: in training, each feature is
 * normalised with the batch's mean and (biased) variance, then scaled and shifted by trained {@code weight} and
 * {@code bias}; the running mean and (unbiased) variance follow with momentum 0.1. In evaluation the running
 * statistics are used instead, so a prediction does not depend on what else is in the batch. fastai starts the bias at
 * 1e-3 and the weight at 1; neither is weight-decayed.
 */
public class BatchNorm1d extends Module {
    public final Parameter weight;
    public final Parameter bias;
    public final Parameter runningMean;
    public final Parameter runningVar;
    private final int features;
    private final double eps;
    private final double momentum;

    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm1d(int features, double eps, double momentum) {
        if (features < 1) throw new IllegalArgumentException("BatchNorm1d needs at least one feature, got " + features);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        double[] ones = new double[features], bias0 = new double[features];
        Arrays.fill(ones, 1);
        Arrays.fill(bias0, 1e-3);
        weight = new Parameter(ones, features).weightDecay(false);
        bias = new Parameter(bias0, features).weightDecay(false);
        runningMean = Parameter.buffer(new double[features], features);
        runningVar = Parameter.buffer(ones.clone(), features);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 2 || x.size(1) != features) throw new IllegalArgumentException(describe() + " expects (bs, " + features + "), got " + x.shapeString());
        Build b = x.build();
        Tensor mean, var;
        if (training() && b.training()) {
            long n = x.size(0);
            if (n < 2) throw new IllegalArgumentException(describe() + " needs more than one item per batch in training (got a batch of " + n + ")");
            mean = x.mean(0, true);
            Tensor centered = x.sub(mean);
            var = centered.square().mean(0, true);
            double m = momentum;
            b.assign(runningMean, runningMean.value().mul(1 - m).add(mean.view(features).mul(m)));
            b.assign(runningVar, runningVar.value().mul(1 - m).add(var.view(features).mul(m * n / (n - 1.0))));
            return centered.div(var.add(eps).sqrt()).mul(weight.value()).add(bias.value());
        }
        mean = runningMean.value();
        var = runningVar.value();
        return x.sub(mean).div(var.add(eps).sqrt()).mul(weight.value()).add(bias.value());
    }

    @Override
    protected String describe() {
        return "BatchNorm1d(" + features + ")";
    }
}
