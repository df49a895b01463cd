package textdive.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Multi-layer LSTM, batch first, PyTorch's gate order (input, forget, cell, output) and
 * parameters. One fused matmul for the four gates per step; the input projection of the whole
 * sequence is computed once per layer.
 */
public class LSTM extends Recurrent {
    public LSTM(int inputSize, int hiddenSize, int numLayers) {
        super(inputSize, hiddenSize, numLayers, 4);
    }

    /** x (bs, sl, in); h0 and c0 (numLayers, bs, hidden). */
    public RnnOutput apply(Tensor x, Tensor h0, Tensor c0) {
        return apply(x, h0, c0, l -> weightHh.get(l).value());
    }

    /**
     * The same with other hidden-to-hidden weights: {@code weightHhUse.apply(l)} gives layer {@code l}'s
     * weight for one time step (called once per step, so that each use can be its own node; see
     * {@link Build#read}). How {@code WeightDropout} runs the layer with a dropped copy of its weights.
     */
    public RnnOutput apply(Tensor x, Tensor h0, Tensor c0, IntFunction<Tensor> weightHhUse) {
        checkInput(x, h0, c0);
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> xs = projectInput(x, l, true);
            Tensor h = h0.select(0, l);
            Tensor c = c0.select(0, l);
            List<Tensor> outs = new ArrayList<>();
            for (Tensor xt : xs) {
                List<Tensor> g = xt.add(h.matmulT(weightHhUse.apply(l))).chunk(4, 1);
                c = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
                h = g.get(3).sigmoid().mul(c.tanh());
                outs.add(h);
            }
            x = Tensor.stack(outs, 1);
            hs.add(h);
            cs.add(c);
        }
        return new RnnOutput(x, Tensor.stack(hs, 0), Tensor.stack(cs, 0));
    }
}
