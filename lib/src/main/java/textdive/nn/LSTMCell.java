package textdive.nn;

import java.util.List;

/** One LSTM step (PyTorch {@code nn.LSTMCell}): for writing the time loop yourself. */
public class LSTMCell extends Module {
    public Parameter weightIh;
    public Parameter weightHh;
    public Parameter biasIh;
    public Parameter biasHh;
    private final int inputSize;
    private final int hiddenSize;

    public record State(Tensor h, Tensor c) {
    }

    public LSTMCell(int inputSize, int hiddenSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        weightIh = Init.uniform(bound, 4L * hiddenSize, inputSize);
        weightHh = Init.uniform(bound, 4L * hiddenSize, hiddenSize);
        biasIh = Init.uniform(bound, 4L * hiddenSize);
        biasHh = Init.uniform(bound, 4L * hiddenSize);
    }

    /** x (bs, in), state (bs, hidden) each; returns the new (h, c). */
    public State apply(Tensor x, State state) {
        Tensor gates = x.matmulT(weightIh.value()).add(biasIh.value())
                .add(state.h().matmulT(weightHh.value())).add(biasHh.value());
        List<Tensor> g = gates.chunk(4, 1);
        Tensor c = g.get(1).sigmoid().mul(state.c()).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
        Tensor h = g.get(3).sigmoid().mul(c.tanh());
        return new State(h, c);
    }

    @Override
    protected String describe() {
        return "LSTMCell(" + inputSize + ", " + hiddenSize + ")";
    }
}
