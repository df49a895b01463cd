package textdive.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Language-model batches, as fastai's {@code LMDataLoader}: the documents (shuffled each epoch
 * when training) are concatenated into one stream, the stream is cut into {@code bs} equal rows,
 * and each batch is the next {@code seqLen} columns of every row, so row i of a batch continues
 * exactly where row i of the previous batch stopped (what lets an RNN carry its state). The
 * target {@code y} is the input shifted by one token. The last batch may be shorter.
 *
 * <p>Optionally, fastai 0.7's randomized BPTT: each batch's length is drawn from N(bptt, 5)
 * (with bptt halved 5 % of the time), at least 5 — a cheap way to vary where sequences start.
 */
public final class LMDataLoader extends SeekableLoader {
    public static final int DEFAULT_BS = 64;
    public static final int DEFAULT_SEQ_LEN = 72;

    private final List<int[]> docs;
    private final int bs;
    private final int seqLen;
    private final boolean shuffle;
    private final boolean randomBptt;
    private final long seed;
    private final int rowLen;
    private final int nBatches;

    /** fastai's defaults: bs 64, seqLen 72, shuffled, seed 42. */
    public LMDataLoader(List<int[]> docs) {
        this(docs, DEFAULT_BS, DEFAULT_SEQ_LEN, true, 42L, false);
    }

    public LMDataLoader(List<int[]> docs, int bs, int seqLen, boolean shuffle, long seed) {
        this(docs, bs, seqLen, shuffle, seed, false);
    }

    public LMDataLoader(List<int[]> docs, int bs, int seqLen, boolean shuffle, long seed, boolean randomBptt) {
        if (bs <= 0 || seqLen <= 0) throw new IllegalArgumentException("bs and seqLen must be positive, got " + bs + ", " + seqLen);
        if (docs == null) throw new IllegalArgumentException("LMDataLoader needs a list of documents, got null");
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) == null) throw new IllegalArgumentException("document " + i + " of " + docs.size() + " is null");
        }
        this.docs = List.copyOf(docs);
        this.bs = bs;
        this.seqLen = seqLen;
        this.shuffle = shuffle;
        this.seed = seed;
        this.randomBptt = randomBptt;
        long total = 0;
        for (int[] d : docs) total += d.length;
        // one token is kept back for the last target; the remainder that does not fill bs rows is dropped
        long corpus = ((total - 1) / bs) * bs;
        if (corpus <= 0) throw new IllegalArgumentException("corpus of " + total + " tokens is too small for bs = " + bs + " rows (it needs at least bs + 1 tokens)");
        if (corpus / bs > Integer.MAX_VALUE) throw new IllegalArgumentException("corpus too large");
        this.rowLen = (int) (corpus / bs);
        this.nBatches = rowLen / seqLen + (rowLen % seqLen != 0 ? 1 : 0);
    }

    /** Length of each of the {@code bs} rows the stream is cut into. */
    public int rowLength() {
        return rowLen;
    }

    public int seqLen() {
        return seqLen;
    }

    @Override
    public int size() {
        return nBatches;
    }

    @Override
    public int batchSize() {
        return bs;
    }

    /** The concatenated stream of one epoch (documents in that epoch's order). */
    int[] stream(int epochIndex) {
        List<int[]> order = new ArrayList<>(docs);
        if (shuffle) Collections.shuffle(order, new Random(seed + epochIndex));
        long total = 0;
        for (int[] d : order) total += d.length;
        int[] s = new int[(int) total];
        int p = 0;
        for (int[] d : order) {
            System.arraycopy(d, 0, s, p, d.length);
            p += d.length;
        }
        return s;
    }

    /** Each iteration is a new epoch. */
    @Override
    public Iterator<Batch> iterator() {
        int e = startEpoch();
        int[] stream = stream(e);
        Random bpttRng = new Random(seed * 31 + e);
        return new Iterator<>() {
            int col = 0;

            @Override
            public boolean hasNext() {
                return col < rowLen;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int sl = Math.min(randomBptt ? drawBptt(bpttRng) : seqLen, rowLen - col);
                int[] x = new int[bs * sl], y = new int[bs * sl];
                for (int r = 0; r < bs; r++) {
                    int st = r * rowLen + col;
                    System.arraycopy(stream, st, x, r * sl, sl);
                    System.arraycopy(stream, st + 1, y, r * sl, sl);
                }
                col += sl;
                return new Batch(ints(x, bs, sl), ints(y, bs, sl));
            }
        };
    }

    private int drawBptt(Random rng) {
        double bptt = rng.nextDouble() < 0.95 ? seqLen : seqLen / 2.0;
        return Math.max(5, (int) (bptt + 5 * rng.nextGaussian()));
    }

    static IntNdArray ints(int[] data, long... shape) {
        return NdArrays.wrap(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    /**
     * The book's picture of the layout: {@code tokens} cut into {@code bs} rows of equal length,
     * then into batches of {@code seqLen} columns. {@code layout(tokens, 6, 15)} is the 6×15 table,
     * {@code layout(tokens, 6, 5)} the three 6×5 batches.
     */
    public static <T> List<List<List<T>>> layout(List<T> tokens, int bs, int seqLen) {
        int row = tokens.size() / bs;
        List<List<List<T>>> batches = new ArrayList<>();
        for (int col = 0; col < row; col += seqLen) {
            List<List<T>> batch = new ArrayList<>(bs);
            for (int r = 0; r < bs; r++) batch.add(List.copyOf(tokens.subList(r * row + col, r * row + Math.min(col + seqLen, row))));
            batches.add(batch);
        }
        return batches;
    }

    @Override
    public String toString() {
        return "LMDataLoader(" + docs.size() + " docs, bs=" + bs + ", seqLen=" + seqLen + ", " + nBatches + " batches"
                + (randomBptt ? ", random bptt" : "") + ")";
    }
}
