package textdive.nn;

import java.util.ArrayList;
import java.util.List;

/** Multi-layer GRU, batch first, PyTorch's gate order (reset, update, new) and equations. */
public class GRU extends Recurrent {
    public GRU(int inputSize, int hiddenSize, int numLayers) {
        super(inputSize, hiddenSize, numLayers, 3);
    }

    /** x (bs, sl, in), h0 (numLayers, bs, hidden). */
    public RnnOutput apply(Tensor x, Tensor h0) {
        checkInput(x, h0);
        List<Tensor> hs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> xs = projectInput(x, l, false);
            Tensor h = h0.select(0, l);
            List<Tensor> outs = new ArrayList<>();
            for (Tensor xt : xs) {
                List<Tensor> gx = xt.chunk(3, 1);
                List<Tensor> gh = h.matmulT(weightHh.get(l).value()).add(biasHh.get(l).value()).chunk(3, 1);
                Tensor r = gx.get(0).add(gh.get(0)).sigmoid();
                Tensor z = gx.get(1).add(gh.get(1)).sigmoid();
                Tensor n = gx.get(2).add(r.mul(gh.get(2))).tanh();
                h = n.add(z.mul(h.sub(n)));
                outs.add(h);
            }
            x = Tensor.stack(outs, 1);
            hs.add(h);
        }
        return new RnnOutput(x, Tensor.stack(hs, 0), null);
    }
}
