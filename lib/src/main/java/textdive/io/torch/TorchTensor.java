package textdive.io.torch;

import java.util.Arrays;

/**
 * A tensor read from a PyTorch file: its dtype, shape and values in row-major order. Floating-point tensors
 * (float32, float64, float16, bfloat16) keep their values as {@code float[]}; integer and bool tensors as
 * {@code long[]}.
 */
public final class TorchTensor {
    private final String dtype;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    TorchTensor(String dtype, long[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
    }

    /** A float32 tensor (for tests and for writing weights back). */
    public static TorchTensor of(float[] values, long... shape) {
        if (numel(shape) != values.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape) + " values, got " + values.length);
        return new TorchTensor("float32", shape, values.clone(), null);
    }

    /** PyTorch's name of the dtype: {@code float32}, {@code int64}, ... */
    public String dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int numel() {
        return (int) numel(shape);
    }

    public boolean isFloating() {
        return floats != null;
    }

    /** The values as floats (integers converted). */
    public float[] floats() {
        if (floats != null) return floats.clone();
        float[] out = new float[longs.length];
        for (int i = 0; i < out.length; i++) out[i] = longs[i];
        return out;
    }

    /** The values as doubles (what {@code textdive.nn.Parameter} takes). */
    public double[] doubles() {
        double[] out = new double[numel()];
        for (int i = 0; i < out.length; i++) out[i] = floats != null ? floats[i] : longs[i];
        return out;
    }

    /** The values of an integer tensor. */
    public long[] longs() {
        if (longs == null) throw new IllegalStateException("a " + dtype + " tensor has no integer values");
        return longs.clone();
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    @Override
    public String toString() {
        return "TorchTensor(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
