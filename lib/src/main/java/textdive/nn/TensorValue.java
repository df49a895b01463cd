package textdive.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The value of a tensor, on the host: its shape and its numbers in row-major order. What {@link Engine#eval}
 * and the learners' predictions return, printed the way PyTorch prints a tensor:
 * <pre>
 * tensor([[0.1000, 0.2000],
 *         [0.3000, 0.4000]])
 * </pre>
 * A floating-point tensor whose values are all whole prints them as {@code 2.}, an integer tensor as {@code 2},
 * as PyTorch does.
 */
public final class TensorValue {
    private static final int EDGE = 3;
    private static final int FULL_LIMIT = 1000;

    private final long[] shape;
    private final double[] data;
    private final boolean integral;

    /** A floating-point tensor's value. */
    public TensorValue(long[] shape, double[] data) {
        this(shape, data, false);
    }

    /** A tensor's value; {@code integral} for integer tensors (token ids, labels), which print without a decimal point. */
    public TensorValue(long[] shape, double[] data, boolean integral) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        this.shape = shape.clone();
        this.data = data;
        this.integral = integral;
    }

    /** Whether the tensor holds integers (ids, labels) rather than floating-point numbers. */
    public boolean isIntegral() {
        return integral;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int dim() {
        return shape.length;
    }

    public long size(int dim) {
        return shape[dim < 0 ? dim + shape.length : dim];
    }

    /** All values, row-major (a copy). */
    public double[] data() {
        return data.clone();
    }

    public int numel() {
        return data.length;
    }

    /** The value at the given indices (one per dimension). */
    public double get(long... idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException("a " + shape.length + "-d tensor needs " + shape.length + " indices, got " + idx.length);
        long at = 0;
        for (int d = 0; d < idx.length; d++) {
            long i = idx[d] < 0 ? idx[d] + shape[d] : idx[d];
            if (i < 0 || i >= shape[d]) throw new IndexOutOfBoundsException("index " + idx[d] + " out of range for dimension " + d + " of size " + shape[d]);
            at = at * shape[d] + i;
        }
        return data[(int) at];
    }

    /** A single number (a loss, a mean). */
    public double item() {
        if (data.length != 1) throw new IllegalStateException("item() needs a tensor of one value, this one has shape " + Arrays.toString(shape));
        return data[0];
    }

    /** Row {@code i} of the first dimension. */
    public TensorValue row(int i) {
        if (shape.length == 0) throw new IllegalStateException("a scalar has no rows");
        if (i < 0 || i >= shape[0]) throw new IndexOutOfBoundsException("row " + i + " of " + shape[0]);
        int n = data.length / (int) shape[0];
        return new TensorValue(Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(data, i * n, (i + 1) * n), integral);
    }

    @Override
    public String toString() {
        Style ints = integral ? Style.INTEGER : Arrays.stream(data).allMatch(v -> v == Math.rint(v) && Math.abs(v) < 1e8) ? Style.WHOLE : Style.DECIMAL;
        int width = 1;
        for (double v : data) width = Math.max(width, format(v, ints).length());
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) sb.append(format(data[0], ints));
        else if (data.length == 0) sb.append("[]");
        else append(sb, 0, 0, ints, width, "tensor(".length());
        sb.append(')');
        return sb.toString();
    }

    private int append(StringBuilder sb, int dim, int offset, Style ints, int width, int indent) {
        long n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= (int) shape[d];
        boolean cut = data.length > FULL_LIMIT && n > 2 * EDGE;
        sb.append('[');
        for (long i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (dim == shape.length - 1) {
                String s = format(data[offset + (int) i], ints);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                append(sb, dim + 1, offset + (int) i * stride, ints, width, indent);
            }
            if (i < n - 1) sb.append(dim == shape.length - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - dim - 2)) + " ".repeat(indent + dim + 1));
        }
        sb.append(']');
        return offset;
    }

    /** How PyTorch writes a tensor's numbers: integer tensors plainly, whole floats as {@code 2.}, others with 4 decimals. */
    private enum Style { INTEGER, WHOLE, DECIMAL }

    private static String format(double v, Style style) {
        if (style == Style.INTEGER) return String.valueOf((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (style == Style.WHOLE) return (long) v + ".";
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.equals("-0.0000") ? "0.0000" : s;
    }
}
