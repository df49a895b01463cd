package textdive.nn;

/** Zeroes activations with probability {@code p} while training (scaled so that the expectation is unchanged). */
public class Dropout extends Module {
    private final double p;

    public Dropout(double p) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
    }

    /** The probability of zeroing an activation. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, training() && x.build().training());
    }

    @Override
    protected String describe() {
        return "Dropout(p=" + p + ")";
    }
}
