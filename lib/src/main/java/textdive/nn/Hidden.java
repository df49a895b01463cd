package textdive.nn;

import java.util.Arrays;

/**
 * Hidden state carried from one batch to the next (the book's {@code self.h}). Inside
 * {@code forward}, {@link #value()} is the state from the previous batch (zeros after
 * {@link #reset()}) and {@link #set(Tensor)} keeps the new state, detached, for the next batch.
 * The values travel through the host between graph runs.
 *
 * <p>A state made with {@link #batched} follows the batch size, as fastai's {@code AWD_LSTM} does:
 * when a batch is larger than the state, the new rows start at zero; when it is smaller (the last
 * partial batch, or one text for generation), the state keeps its first rows.
 */
public final class Hidden {
    /** Marks the batch dimension in {@link #batched}. */
    public static final long BS = -1;

    private final long[] shape;
    private final int batchAxis;
    private double[] values;
    private long[] valuesShape;

    /** State of a fixed shape, e.g. {@code new Hidden(bs, nHidden)} or {@code new Hidden(nLayers, bs, nHidden)}. */
    public Hidden(long... shape) {
        this(shape, -1);
    }

    private Hidden(long[] shape, int batchAxis) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] <= 0 && i != batchAxis) throw new IllegalArgumentException("hidden state sizes must be positive, got " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.batchAxis = batchAxis;
    }

    /** State whose batch dimension ({@link #BS}) follows the batch: {@code Hidden.batched(1, Hidden.BS, nHidden)}. */
    public static Hidden batched(long... shape) {
        int axis = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == BS) {
                if (axis >= 0) throw new IllegalArgumentException("only one batch dimension, got " + Arrays.toString(shape));
                axis = i;
            }
        }
        if (axis < 0) throw new IllegalArgumentException("mark the batch dimension with Hidden.BS, got " + Arrays.toString(shape));
        return new Hidden(shape, axis);
    }

    /** The shape (with {@link #BS} in the batch dimension of a batched state). */
    public long[] shape() {
        return shape.clone();
    }

    /** The shape for a batch of {@code bs}. */
    public long[] shape(long bs) {
        long[] s = shape.clone();
        if (batchAxis >= 0) s[batchAxis] = bs;
        return s;
    }

    public boolean isBatched() {
        return batchAxis >= 0;
    }

    /** The state from the previous batch, as a tensor of the graph under construction (a fixed-shape state). */
    public Tensor value() {
        if (batchAxis >= 0) throw new IllegalStateException("this hidden state follows the batch: use value(bs)");
        return Build.current().hiddenIn(this, shape);
    }

    /** The state from the previous batch, resized to a batch of {@code bs}. */
    public Tensor value(long bs) {
        return Build.current().hiddenIn(this, shape(bs));
    }

    /** Keeps {@code t.detach()} as the state for the next batch (truncated backpropagation through time). */
    public void set(Tensor t) {
        long[] got = t.shape();
        long[] want = batchAxis >= 0 && got.length == shape.length ? shape(got[batchAxis]) : shape;
        if (!Arrays.equals(got, want)) {
            throw new IllegalArgumentException("hidden state has shape " + Arrays.toString(shape) + " but got " + t.shapeString()
                    + (batchAxis >= 0 ? "" : " (is the batch size the one the model was built for?)"));
        }
        Build.current().hiddenOut(this, t.detach());
    }

    /** Back to zeros (the book's {@code reset}). */
    public void reset() {
        values = null;
        valuesShape = null;
    }

    /** The current host copy (zeros after a reset; for a batched state, as large as the last batch). */
    public double[] data() {
        if (values != null) return values.clone();
        if (batchAxis >= 0) return new double[0];
        return new double[(int) numel(shape)];
    }

    /** The values to feed a graph built for {@code graphShape}: zeros after a reset, else resized along the batch. */
    double[] valuesFor(long[] graphShape) {
        if (values == null) return new double[(int) numel(graphShape)];
        if (Arrays.equals(valuesShape, graphShape)) return values;
        if (batchAxis < 0) throw new IllegalStateException("hidden state of shape " + Arrays.toString(valuesShape) + " fed to a graph built for " + Arrays.toString(graphShape));
        return resizeBatch(values, valuesShape, graphShape, batchAxis);
    }

    void store(double[] v, long[] shape) {
        values = v;
        valuesShape = shape.clone();
    }

    /** fastai's {@code _change_hidden}: keep the first rows, or add rows of zeros. */
    static double[] resizeBatch(double[] v, long[] from, long[] to, int axis) {
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= from[i];
        for (int i = axis + 1; i < from.length; i++) inner *= from[i];
        int keep = (int) Math.min(from[axis], to[axis]);
        double[] out = new double[(int) numel(to)];
        for (long o = 0; o < outer; o++) {
            System.arraycopy(v, (int) (o * from[axis] * inner), out, (int) (o * to[axis] * inner), (int) (keep * inner));
        }
        return out;
    }

    private static long numel(long[] s) {
        long n = 1;
        for (long d : s) n *= d;
        return n;
    }
}
