package textdive.nn;

/**
 * fastai's {@code EmbeddingDropout}: in training, whole rows of the embedding matrix (whole words) are
 * zeroed for the batch and the rest scaled by 1/(1-p), then the ids are looked up. Dropping a word's
 * entire vector (every occurrence in the batch) teaches the model not to rely on any single word;
 * dropping coordinates of looked-up vectors would only add noise to each occurrence.
 */
public class EmbeddingDropout extends Module {
    /** The wrapped embedding; its weight is the parameter (shared, e.g. with a tied decoder). */
    public final Embedding emb;
    private final double embedP;

    public EmbeddingDropout(Embedding emb, double embedP) {
        if (embedP < 0 || embedP >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + embedP);
        this.emb = emb;
        this.embedP = embedP;
    }

    /** The probability of dropping a word's whole vector (fastai's {@code embed_p}). */
    public double embedP() {
        return embedP;
    }

    /** Token ids of any shape -> their vectors, from the row-dropped matrix while training. */
    @Override
    public Tensor forward(Tensor ids) {
        Tensor w = emb.weight.value();
        if (training() && ids.build().training() && embedP != 0) w = w.mul(mask(new long[] {w.size(0), 1}));
        return emb.lookup(w, ids);
    }

    /** The (vocab, 1) row mask for one batch ({@link F#dropoutMask}); protected so that a test can fix it. */
    protected Tensor mask(long[] shape) {
        return F.dropoutMask(shape, embedP);
    }

    @Override
    protected String describe() {
        return "EmbeddingDropout(p=" + embedP + ")";
    }
}
