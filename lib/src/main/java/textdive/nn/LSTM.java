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
     * The same with other hidden-to-hidden weights: {@code weightHhUse.apply(l)} gives layer {@code l}'s weight
     * (called once per layer). How {@code WeightDropout} runs the layer with a dropped copy of its weights.
     * Each layer is an {@link LstmLayer}, whose backward pass is written by hand.
     */
    public RnnOutput apply(Tensor x, Tensor h0, Tensor c0, IntFunction<Tensor> weightHhUse) {
        checkInput(x, h0, c0);
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            LstmLayer layer = new LstmLayer(x, h0.select(0, l), c0.select(0, l), weightIh.get(l).value(), weightHhUse.apply(l),
                    biasIh.get(l).value(), biasHh.get(l).value());
            x = layer.output;
            hs.add(layer.h);
            cs.add(layer.c);
        }
        return new RnnOutput(x, Tensor.stack(hs, 0), Tensor.stack(cs, 0));
    }
}
