package textdive.nn;

/**
 * fastai's {@code WeightDropout} (DropConnect on the recurrent weights, from the AWD-LSTM paper): in
 * training, each forward runs the LSTM with {@code dropout(weightHh, p)}, a fresh element mask per
 * batch, in place of its hidden-to-hidden weights. Activation dropout cannot reach the recurrence
 * without disturbing the state carried between steps; dropping the weights regularises it while the
 * same weights serve every step of the sequence. The raw weights stay the parameters (they get the
 * gradients and are used as they are in evaluation).
 */
public class WeightDropout extends Module {
    /** The wrapped LSTM; its {@code weightHh} are the raw weights. */
    public final LSTM module;
    private final double weightP;

    public WeightDropout(LSTM module, double weightP) {
        if (weightP < 0 || weightP >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + weightP);
        this.module = module;
        this.weightP = weightP;
    }

    /** The probability of zeroing a hidden-to-hidden weight (fastai's {@code weight_p}). */
    public double weightP() {
        return weightP;
    }

    /** The LSTM's forward (x (bs, sl, in); h0, c0 (numLayers, bs, hidden)) with dropped hidden-to-hidden weights while training. */
    public RnnOutput apply(Tensor x, Tensor h0, Tensor c0) {
        if (!(training() && x.build().training()) || weightP == 0) return module.apply(x, h0, c0);
        return module.apply(x, h0, c0, l -> {
            Tensor raw = module.weightHh.get(l).value();
            return raw.mul(mask(raw.shape()));
        });
    }

    /** The element mask of one weight for one batch ({@link F#dropoutMask}); protected so that a test can fix it. */
    protected Tensor mask(long[] shape) {
        return F.dropoutMask(shape, weightP);
    }

    @Override
    protected String describe() {
        return "WeightDropout(p=" + weightP + ")";
    }
}
