package textdive.nn;

import java.util.List;

/**
 * The functions PyTorch code calls as {@code F.relu}, {@code torch.stack}, ...: use them with
 * {@code import static textdive.nn.F.*;} so that model code reads like the book.
 */
public final class F {
    private F() {
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor stack(List<Tensor> ts, int dim) {
        return Tensor.stack(ts, dim);
    }

    public static Tensor cat(List<Tensor> ts, int dim) {
        return Tensor.cat(ts, dim);
    }

    /** Zeros of the model's float type in the graph under construction. */
    public static Tensor zeros(long... shape) {
        return Build.current().zeros(shape);
    }

    /** 0, 1, ..., n-1 as a float tensor (PyTorch {@code torch.arange}). */
    public static Tensor arange(int start, int end) {
        double[] v = new double[end - start];
        for (int i = 0; i < v.length; i++) v[i] = start + i;
        return tensor(v, v.length);
    }

    /** A constant tensor with the given values and shape, in the model's float type. */
    public static Tensor tensor(double[] values, long... shape) {
        Build b = Build.current();
        var c = b.tf().constant(values);
        return b.wrap(b.tf().reshape(b.tf().dtypes.cast(c, b.dtype()), b.tf().constant(shape)));
    }

    /** Constant token ids (int32) with the given values and shape, e.g. for an embedding. */
    public static Tensor ids(int[] values, long... shape) {
        Build b = Build.current();
        return b.wrap(b.tf().reshape(b.tf().constant(values), b.tf().constant(shape)));
    }

    /** 1 with probability {@code p}, else 0, for every element (PyTorch {@code bernoulli_}). */
    public static Tensor bernoulli(long[] shape, double p) {
        Build b = Build.current();
        Tensor u = b.uniform(shape);
        return b.wrap(b.tf().math.less(Tensor.n(u.operand()), Tensor.n(b.constant(p, u)))).toFloat();
    }

    /** Inverted dropout: zero each activation with probability {@code p}, scale the rest by 1/(1-p). Training graphs only. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (!training || p == 0) return x;
        return x.mul(dropoutMask(x.shape(), p));
    }

    /**
     * fastai's {@code dropout_mask}: a fresh tensor of shape {@code shape} holding 0 with probability
     * {@code p} and 1/(1-p) otherwise. A shape with size-1 dimensions broadcasts one draw over them
     * (RNNDropout's mask shared by all time steps, EmbeddingDropout's whole rows).
     */
    public static Tensor dropoutMask(long[] shape, double p) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        return bernoulli(shape, 1 - p).div(1 - p);
    }

    /** Mean cross-entropy of logits (N, C) against class ids (N). */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return Losses.crossEntropy(logits, target);
    }
}
