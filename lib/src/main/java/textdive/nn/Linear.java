package textdive.nn;

import org.tensorflow.types.family.TFloating;

/** {@code y = x W^T + b}, with PyTorch's weight layout (out, in) so that it can be tied to an embedding. */
public class Linear extends Module {
    public Parameter weight;
    public Parameter bias;
    private final int in;
    private final int out;

    public Linear(int in, int out) {
        this(in, out, true);
    }

    public Linear(int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in);
        this.weight = Init.uniform(bound, out, in);
        this.bias = bias ? Init.uniform(bound, out).weightDecay(false) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!TFloating.class.isAssignableFrom(x.operand().type())) {
            throw new IllegalArgumentException(describe() + " needs float input, got " + x + " (token ids go through an Embedding first)");
        }
        if (x.dim() == 0 || x.size(-1) != in) throw new IllegalArgumentException("Linear(" + in + " -> " + out + ") got input " + x.shapeString());
        Tensor y = x.matmulT(weight.value());
        if (bias == null) return y;
        // TensorFlow's BiasAdd (and BiasAddGrad) rather than a broadcast add, as Keras's Dense does
        return y.dim() >= 2 ? y.biasAdd(bias.value()) : y.add(bias.value());
    }

    @Override
    protected String describe() {
        return "Linear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
    }
}
