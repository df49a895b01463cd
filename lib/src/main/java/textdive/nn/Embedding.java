package textdive.nn;

/** A lookup table: token id -> vector. Gathers from the variable's read value (GatherV2 has a gradient). */
public class Embedding extends Module {
    public Parameter weight;
    private final int num;
    private final int dim;

    public Embedding(int num, int dim) {
        this.num = num;
        this.dim = dim;
        this.weight = Init.normal(1.0, num, dim);
    }

    @Override
    public Tensor forward(Tensor ids) {
        return lookup(weight.value(), ids);
    }

    /** Looks {@code ids} up in {@code table} (this layer's weight or a transformed copy, e.g. EmbeddingDropout's). */
    public Tensor lookup(Tensor table, Tensor ids) {
        if (!org.tensorflow.types.family.TIntegral.class.isAssignableFrom(ids.operand().type())) {
            throw new IllegalArgumentException(describe() + " looks up integer token ids, got " + ids);
        }
        Build b = ids.build();
        var tf = b.tf();
        var gather = tf.gather(Tensor.u(table.operand()), Tensor.n(ids.operand()), tf.constant(0));
        b.explainFailure(gather, describe() + " got a token id outside [0, " + num + "): is the vocab larger than the embedding?");
        return b.wrap(gather);
    }

    @Override
    protected String describe() {
        return "Embedding(" + num + ", " + dim + ")";
    }
}
