package textdive.nn;

import java.util.ArrayList;
import java.util.List;

/** Multi-layer Elman RNN with tanh, batch first (PyTorch {@code nn.RNN(..., batch_first=True)}). */
public class RNN extends Recurrent {
    public RNN(int inputSize, int hiddenSize, int numLayers) {
        super(inputSize, hiddenSize, numLayers, 1);
    }

    /** x (bs, sl, in), h0 (numLayers, bs, hidden). */
    public RnnOutput apply(Tensor x, Tensor h0) {
        checkInput(x, h0);
        List<Tensor> hs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> xs = projectInput(x, l, true);
            Tensor h = h0.select(0, l);
            List<Tensor> outs = new ArrayList<>();
            for (Tensor xt : xs) {
                h = xt.add(h.matmulT(weightHh.get(l).value())).tanh();
                outs.add(h);
            }
            x = Tensor.stack(outs, 1);
            hs.add(h);
        }
        return new RnnOutput(x, Tensor.stack(hs, 0), null);
    }
}
