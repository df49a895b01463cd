package textdive.nn;

import java.util.Arrays;

/**
 * Hidden state carried from one batch to the next (the book's {@code self.h}). Inside
 * {@code forward}, {@link #value()} is the state from the previous batch (zeros after
 * {@link #reset()}) and {@link #set(Tensor)} keeps the new state, detached, for the next batch.
 * The values travel through the host between graph runs.
 */
public final class Hidden {
    private final long[] shape;
    private double[] values;

    /** State of a fixed shape, e.g. {@code new Hidden(bs, nHidden)} or {@code new Hidden(nLayers, bs, nHidden)}. */
    public Hidden(long... shape) {
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException("hidden state sizes must be positive, got " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The state from the previous batch, as a tensor of the graph under construction. */
    public Tensor value() {
        return Build.current().hiddenIn(this);
    }

    /** Keeps {@code t.detach()} as the state for the next batch (truncated backpropagation through time). */
    public void set(Tensor t) {
        if (!Arrays.equals(t.shape().asArray(), shape)) {
            throw new IllegalArgumentException("hidden state has shape " + Arrays.toString(shape) + " but got " + t.shape()
                    + " (is the batch size the one the model was built for?)");
        }
        Build.current().hiddenOut(this, t.detach());
    }

    /** Back to zeros (the book's {@code reset}). */
    public void reset() {
        values = null;
    }

    /** The current host copy (zeros after a reset). */
    public double[] data() {
        int n = 1;
        for (long d : shape) n *= (int) d;
        return values == null ? new double[n] : values.clone();
    }

    double[] hostValues() {
        return values;
    }

    void store(double[] v) {
        values = v;
    }
}
