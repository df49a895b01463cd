package textdive.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import textdive.nn.BatchNorm1d;
import textdive.nn.Dropout;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Tensor;

/**
 * fastai's classifier head: masked concat pooling of the encoder's outputs, then blocks of BatchNorm1d, dropout and a
 * bias-free linear layer ({@code LinBnDrop}), with ReLU between blocks. The sizes are fastai's {@code [3 * emb, 50,
 * classes]}; the first dropout is the config's {@code outputP} (times {@code drop_mult}), the others 0.1.
 *
 * <p>Concat pooling ({@link #maskedConcatPool}) gives the head three views of a review, ignoring the padding: the
 * output at its last token (the state after reading it all), the maximum over time of each feature (did something
 * strong happen anywhere?) and the mean over time (what was it like overall?).
 */
public class PoolingLinearClassifier extends Module {
    final List<BatchNorm1d> bns = new ArrayList<>();
    final List<Dropout> drops = new ArrayList<>();
    final List<Linear> lins = new ArrayList<>();
    private final int bptt;
    private final int[] dims;

    /** {@code dims} = [3 * embSz, hidden..., classes]; {@code ps} one dropout per block. */
    public PoolingLinearClassifier(int[] dims, double[] ps, int bptt) {
        if (dims.length < 2 || ps.length != dims.length - 1) {
            throw new IllegalArgumentException("PoolingLinearClassifier needs one dropout per block: " + (dims.length - 1) + " blocks, " + ps.length + " dropouts");
        }
        this.dims = dims.clone();
        this.bptt = bptt;
        for (int i = 0; i < dims.length - 1; i++) {
            bns.add(new BatchNorm1d(dims[i]));
            drops.add(new Dropout(ps[i]));
            lins.add(new Linear(dims[i], dims[i + 1], false));
        }
    }

    /** Input: tuple(outputs (bs, T, emb), mask (bs, T)); output: tuple(logits (bs, classes), outputs, outputs) for AR/TAR. */
    @Override
    public Tensor forward(Tensor input) {
        if (input.numParts() < 2) throw new IllegalArgumentException("PoolingLinearClassifier expects tuple(outputs, mask) from a SentenceEncoder");
        Tensor out = input.part(0), mask = input.part(1);
        Tensor x = maskedConcatPool(out, mask, bptt);
        for (int i = 0; i < lins.size(); i++) {
            x = lins.get(i).apply(drops.get(i).apply(bns.get(i).apply(x)));
            if (i < lins.size() - 1) x = x.relu();
        }
        return Tensor.tuple(x, out, out);
    }

    /**
     * fastai's {@code masked_concat_pool}: [the output at the last non-padding token, the maximum and the mean over the
     * non-padding positions] (bs, 3 * emb). Padding comes in whole chunks before a text and fewer than {@code bptt}
     * tokens after it, so the last token sits {@code pads in the last bptt positions} before the end.
     */
    public static Tensor maskedConcatPool(Tensor output, Tensor mask, int bptt) {
        long bs = output.size(0), t = output.size(1);
        Tensor m3 = mask.unsqueeze(-1);
        Tensor lens = mask.sum(1, false).neg().add(t); // (bs)
        Tensor avg = output.maskedFill(m3, 0).sum(1, false).div(lens.unsqueeze(-1));
        Tensor max = output.maskedFill(m3, Double.NEGATIVE_INFINITY).max(1, false);
        long tail = Math.min(bptt, t);
        Tensor lastLens = mask.slice(1, t - tail, t).sum(1, false); // trailing pads
        Tensor lastIdx = lastLens.neg().add(t - 1).toInt(); // (bs)
        Tensor last = output.mul(lastIdx.oneHot((int) t).unsqueeze(-1)).sum(1, false);
        return Tensor.cat(List.of(last, max, avg), 1);
    }

    @Override
    protected String describe() {
        return "PoolingLinearClassifier(" + Arrays.toString(dims) + ")";
    }
}
