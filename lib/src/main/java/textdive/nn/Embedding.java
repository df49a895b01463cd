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
        Build b = ids.build();
        var tf = b.tf();
        return b.wrap(tf.gather(Tensor.u(weight.value().operand()), Tensor.n(ids.operand()), tf.constant(0)));
    }

    @Override
    protected String describe() {
        return "Embedding(" + num + ", " + dim + ")";
    }
}
