package textdive.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One LSTM layer over a whole sequence, with backpropagation through time written out by hand.
 *
 * <p>Why by hand: left to TensorFlow's automatic differentiation, the hidden-to-hidden weight gets one small
 * gradient product per time step ({@code h[t-1]^T dG[t]}, batch-size deep), and the 72 products are then added up
 * one by one, a pass over the whole weight matrix per step. Written out, the backward pass still runs the
 * recurrence step by step (it must: {@code dh[t-1] = dG[t] W}), but it keeps every step's gate gradients and
 * computes the weight gradient as one large product over all steps at the end:
 * {@code dW_hh = dG^T H} with {@code (bs * sl)}-deep matrices, the shape matrix multiplication is fastest at.
 * The same holds for {@code dW_ih}, the biases and the input gradient.
 *
 * <p>The equations (PyTorch's gate order i, f, g, o): {@code G = x W_ih^T + b_ih + b_hh + h W_hh^T},
 * {@code c' = σ(f) c + σ(i) tanh(g)}, {@code h' = σ(o) tanh(c')}. The layer joins the graph through
 * {@link Build#withBackward}, so TensorFlow differentiates everything around it and hands the gradients of its
 * outputs to {@link #backward}.
 */
final class LstmLayer {
    private final Tensor x;
    private final Tensor wIh;
    private final Tensor wHh;
    private final List<Tensor> hPrev = new ArrayList<>();
    private final List<Tensor> cPrev = new ArrayList<>();
    private final List<Tensor> gates = new ArrayList<>(); // per step: i, f, g, o after their activations
    private final List<Tensor> tanhC = new ArrayList<>();

    /** The outputs as the rest of the graph sees them: (bs, sl, hidden), then the final h and c (bs, hidden). */
    final Tensor output;
    final Tensor h;
    final Tensor c;

    /** x (bs, sl, in), h0 and c0 (bs, hidden); the weights as PyTorch lays them out. */
    LstmLayer(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        this.x = x;
        this.wIh = wIh;
        this.wHh = wHh;
        Tensor hh = h0, cc = c0;
        List<Tensor> outs = new ArrayList<>();
        for (Tensor xt : x.matmulT(wIh).add(bIh.add(bHh)).unbind(1)) {
            hPrev.add(hh);
            cPrev.add(cc);
            List<Tensor> g = xt.add(hh.matmulT(wHh)).chunk(4, 1);
            Tensor i = g.get(0).sigmoid(), f = g.get(1).sigmoid(), gg = g.get(2).tanh(), o = g.get(3).sigmoid();
            gates.add(Tensor.tuple(i, f, gg, o));
            cc = f.mul(cc).add(i.mul(gg));
            Tensor tc = cc.tanh();
            tanhC.add(tc);
            hh = o.mul(tc);
            outs.add(hh);
        }
        Build b = x.build();
        List<Tensor> cut = b.withBackward(List.of(x, h0, c0, wIh, wHh, bIh, bHh), List.of(Tensor.stack(outs, 1), hh, cc), this::backward);
        output = cut.get(0);
        h = cut.get(1);
        c = cut.get(2);
    }

    /**
     * Gradients of (x, h0, c0, wIh, wHh, bIh, bHh) from those of (output, h, c); a null output gradient counts as
     * zero. The recurrence runs whenever anything below needs a gradient; the weight products only for weights
     * that train.
     */
    private List<Tensor> backward(List<Tensor> d, boolean[] needed) {
        Build b = x.build();
        int sl = gates.size();
        long bs = x.size(0);
        Tensor one = b.constant(1);
        List<Tensor> dOut = d.get(0) == null ? null : d.get(0).unbind(1);
        Tensor dh = d.get(1), dc = d.get(2);
        Tensor[] dG = new Tensor[sl];
        for (int t = sl - 1; t >= 0; t--) {
            Tensor dht = dOut == null ? dh : dh == null ? dOut.get(t) : dh.add(dOut.get(t));
            if (dht == null) dht = b.zeros(hPrev.get(t).shape());
            Tensor i = gates.get(t).part(0), f = gates.get(t).part(1), g = gates.get(t).part(2), o = gates.get(t).part(3), tc = tanhC.get(t);
            Tensor dct = dht.mul(o).mul(one.sub(tc.square()));
            if (dc != null) dct = dct.add(dc);
            Tensor di = dct.mul(g).mul(i).mul(one.sub(i));
            Tensor df = dct.mul(cPrev.get(t)).mul(f).mul(one.sub(f));
            Tensor dg = dct.mul(i).mul(one.sub(g.square()));
            Tensor dO = dht.mul(tc).mul(o).mul(one.sub(o));
            dG[t] = Tensor.cat(List.of(di, df, dg, dO), 1);
            dc = dct.mul(f);
            dh = dG[t].matmul(wHh);
        }
        long g4 = dG[0].size(1);
        Tensor dGates = Tensor.stack(List.of(dG), 1); // (bs, sl, 4H)
        Tensor dGflat = dGates.view(bs * sl, g4);
        Tensor dx = needed[0] ? dGates.matmul(wIh) : null;
        Tensor dWih = needed[3] ? dGflat.transposeMatmul(x.view(bs * sl, x.size(2))) : null;
        Tensor dWhh = needed[4] ? dGflat.transposeMatmul(Tensor.stack(hPrev, 1).view(bs * sl, hPrev.get(0).size(1))) : null;
        Tensor dBias = needed[5] || needed[6] ? dGflat.sum(0, false) : null;
        return Arrays.asList(dx, dh, dc, dWih, dWhh, dBias, dBias);
    }
}
