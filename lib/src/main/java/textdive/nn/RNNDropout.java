package textdive.nn;

/**
 * fastai's {@code RNNDropout}: drops the same coordinates of the hidden vector at every time step of a
 * sequence (one mask of shape (bs, 1, n) per batch). A fresh mask per time step would let noise pile up
 * along the recurrence and wipe out the signal a step carries forward; a fixed one removes whole
 * features for the whole sequence, which regularises without that (Gal & Ghahramani's variational dropout).
 */
public class RNNDropout extends Module {
    private final double p;

    public RNNDropout(double p) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
    }

    public double p() {
        return p;
    }

    /** x (bs, sl, ...): in training, {@code x * mask} with the mask of shape (bs, 1, ...); otherwise x itself. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2) throw new IllegalArgumentException(describe() + " expects (bs, sl, ...) input, got " + x.shapeString());
        if (!(training() && x.build().training()) || p == 0) return x;
        long[] shape = x.shape();
        shape[1] = 1;
        return x.mul(mask(shape));
    }

    /** The mask for one batch ({@link F#dropoutMask}); protected so that a test can fix it. */
    protected Tensor mask(long[] shape) {
        return F.dropoutMask(shape, p);
    }

    @Override
    protected String describe() {
        return "RNNDropout(p=" + p + ")";
    }
}
