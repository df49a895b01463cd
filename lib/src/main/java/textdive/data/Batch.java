package textdive.data;

import java.util.Arrays;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * One mini-batch on the host: inputs {@code x} and targets {@code y} as token or class ids.
 * A language-model batch has x and y of shape (bs, seqLen); a classifier batch has x of shape
 * (bs, paddedLen) and y of shape (bs). Inputs to predict from have no targets ({@code y} null).
 */
public record Batch(IntNdArray x, IntNdArray y) {
    public Batch {
        if (x == null) throw new IllegalArgumentException("a batch needs inputs x");
        if (x.rank() != 2) throw new IllegalArgumentException("batch inputs are (bs, length) ids, got shape " + x.shape());
    }

    /** Inputs without targets: one row of ids per text, all of the same length. */
    public static Batch of(int[]... rows) {
        if (rows.length == 0) throw new IllegalArgumentException("a batch needs at least one row");
        int len = rows[0].length;
        int[] all = new int[rows.length * len];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != len) throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " ids, row 0 has " + len);
            System.arraycopy(rows[r], 0, all, r * len, len);
        }
        return new Batch(LMDataLoader.ints(all, rows.length, len), null);
    }

    public int size() {
        return (int) x.shape().get(0);
    }

    /** The length of each row (the sequence length, padding included). */
    public int length() {
        return (int) x.shape().get(1);
    }

    /** The ids of row {@code i} of the inputs. */
    public int[] row(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("row " + i + " of a batch of " + size());
        return rowOf(x, i);
    }

    /** The targets of row {@code i} (a language model's next tokens). */
    public int[] targetRow(int i) {
        if (y == null) throw new IllegalStateException("this batch has no targets");
        if (y.rank() == 1) return new int[] {y.getInt(i)};
        return rowOf(y, i);
    }

    /** Columns [from, to) of the inputs, with the same targets: a classifier's long review cut into chunks. */
    public Batch columns(long from, long to) {
        int sl = length();
        if (from < 0 || to > sl || from >= to) throw new IndexOutOfBoundsException("columns " + from + ":" + to + " of a batch of length " + sl);
        int w = (int) (to - from);
        return withRows(w, (int) from, 0, w, 0);
    }

    /**
     * The inputs with {@code columns} of {@code padIdx} put before every row, the same targets: a classifier batch
     * brought up to a whole number of chunks its model has a graph for (padding before a text changes nothing it reads).
     */
    public Batch padLeft(int columns, int padIdx) {
        if (columns < 0) throw new IllegalArgumentException("padLeft needs columns >= 0, got " + columns);
        if (columns == 0) return this;
        return withRows(length() + columns, 0, columns, length(), padIdx);
    }

    /**
     * Inputs of width {@code w}, filled with {@code fill}, each row given {@code len} ids of this batch's row from
     * column {@code from}, placed at column {@code at}; the same targets.
     */
    private Batch withRows(int w, int from, int at, int len, int fill) {
        int bs = size(), sl = length();
        int[] all = new int[bs * sl];
        x.copyTo(DataBuffers.of(all, false, false));
        int[] out = new int[bs * w];
        Arrays.fill(out, fill);
        for (int r = 0; r < bs; r++) System.arraycopy(all, r * sl + from, out, r * w + at, len);
        return new Batch(LMDataLoader.ints(out, bs, w), y);
    }

    /** The shape of the inputs. */
    public long[] shape() {
        return x.shape().asArray();
    }

    private static int[] rowOf(IntNdArray a, int r) {
        IntNdArray v = a.get(r);
        int[] out = new int[(int) v.size()];
        v.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    @Override
    public String toString() {
        return "Batch(x " + Arrays.toString(shape()) + (y == null ? "" : ", y " + y.shape()) + ")";
    }
}
