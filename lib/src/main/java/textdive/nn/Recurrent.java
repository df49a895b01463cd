package textdive.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared machinery of {@link RNN}, {@link LSTM} and {@link GRU}: PyTorch's parameter layout
 * ({@code weightIh.k} (gates*hidden, in), {@code weightHh.k}, {@code biasIh.k}, {@code biasHh.k}) and
 * the fastest graph form measured for TensorFlow Java: the input projection of a whole sequence in
 * one matmul, then the recurrence unrolled over time (no while loop).
 */
public abstract class Recurrent extends Module {
    public final List<Parameter> weightIh = new ArrayList<>();
    public final List<Parameter> weightHh = new ArrayList<>();
    public final List<Parameter> biasIh = new ArrayList<>();
    public final List<Parameter> biasHh = new ArrayList<>();
    protected final int inputSize;
    protected final int hiddenSize;
    protected final int numLayers;
    private final int gates;

    protected Recurrent(int inputSize, int hiddenSize, int numLayers, int gates) {
        if (numLayers < 1) throw new IllegalArgumentException("numLayers must be >= 1");
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.gates = gates;
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : hiddenSize;
            weightIh.add(Init.uniform(bound, (long) gates * hiddenSize, in));
            weightHh.add(Init.uniform(bound, (long) gates * hiddenSize, hiddenSize));
            biasIh.add(Init.uniform(bound, (long) gates * hiddenSize));
            biasHh.add(Init.uniform(bound, (long) gates * hiddenSize));
        }
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    /** The input projections of all time steps of a (bs, sl, in) sequence, one (bs, gates*hidden) per step. */
    protected List<Tensor> projectInput(Tensor x, int layer, boolean withHiddenBias) {
        Tensor bias = biasIh.get(layer).value();
        if (withHiddenBias) bias = bias.add(biasHh.get(layer).value());
        Tensor xp = x.matmulT(weightIh.get(layer).value()).add(bias);
        return xp.unbind(1);
    }

    protected void checkInput(Tensor x, Tensor... states) {
        if (x.dim() != 3 || x.size(2) != inputSize) {
            throw new IllegalArgumentException(describe() + " expects input (bs, sl, " + inputSize + "), got " + x.shapeString());
        }
        for (Tensor s : states) {
            if (s.dim() != 3 || s.size(0) != numLayers || s.size(1) != x.size(0) || s.size(2) != hiddenSize) {
                throw new IllegalArgumentException(describe() + " expects state (" + numLayers + ", " + x.size(0) + ", " + hiddenSize + "), got " + s.shapeString());
            }
        }
    }

    @Override
    protected String describe() {
        return getClass().getSimpleName() + "(" + inputSize + ", " + hiddenSize + ", numLayers=" + numLayers + ")";
    }
}
