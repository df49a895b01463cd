package textdive.nn;

import java.util.Arrays;
import org.tensorflow.types.family.TIntegral;

/** A lookup table: token id -> vector. Gathers from the variable's read value (GatherV2 has a gradient). */
public class Embedding extends Module {
    public Parameter weight;
    private final int num;
    private final int dim;
    private final int paddingIdx;

    public Embedding(int num, int dim) {
        this(num, dim, -1);
    }

    /**
     * PyTorch's {@code padding_idx} (-1: none): the padding token's row starts at zero and lookups
     * send it no gradient, so padding, which carries no meaning, teaches the model nothing.
     */
    public Embedding(int num, int dim, int paddingIdx) {
        if (paddingIdx < -1 || paddingIdx >= num) throw new IllegalArgumentException("padding index " + paddingIdx + " is not a row of a " + num + "-row embedding");
        this.num = num;
        this.dim = dim;
        this.paddingIdx = paddingIdx;
        this.weight = Init.normal(1.0, num, dim);
        if (paddingIdx >= 0) {
            double[] w = weight.data();
            Arrays.fill(w, paddingIdx * dim, (paddingIdx + 1) * dim, 0.0);
            weight.set(w);
        }
    }

    @Override
    public Tensor forward(Tensor ids) {
        return lookup(weight.value(), ids);
    }

    /** Looks {@code ids} up in {@code table} (this layer's weight or a transformed copy, e.g. EmbeddingDropout's). */
    public Tensor lookup(Tensor table, Tensor ids) {
        if (!TIntegral.class.isAssignableFrom(ids.operand().type())) {
            throw new IllegalArgumentException(describe() + " looks up integer token ids, got " + ids);
        }
        Build b = ids.build();
        var tf = b.tf();
        var gather = tf.gather(Tensor.u(table.operand()), Tensor.n(ids.operand()), tf.constant(0));
        b.explainFailure(gather, describe() + " got a token id outside [0, " + num + "): is the vocab larger than the embedding?");
        Tensor out = b.wrap(gather);
        if (paddingIdx < 0) return out;
        // the same values, but the gradient reaches the table only through non-padding positions
        var pad = tf.dtypes.cast(tf.constant(paddingIdx), Tensor.n(ids.operand()).type());
        Tensor notPad = b.wrap(tf.math.notEqual(Tensor.n(ids.operand()), Tensor.n(pad))).toFloat().unsqueeze(-1);
        Tensor frozen = out.detach();
        return frozen.add(out.sub(frozen).mul(notPad));
    }

    public int paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String describe() {
        return "Embedding(" + num + ", " + dim + (paddingIdx >= 0 ? ", paddingIdx=" + paddingIdx : "") + ")";
    }
}
