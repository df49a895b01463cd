package textdive.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Classifier batches (fastai's {@code SortedDL}): texts grouped by length so a batch needs little
 * padding, padded with {@link PadChunk}. Validation sorts by decreasing length; training
 * ({@code shuffle}) uses a {@link SortishSampler} order, new each epoch, and drops the last, shorter batch as fastai's
 * training loader does ({@code drop_last=shuffle}): one batch size for every training step, so the model's training
 * graphs need not be built twice, and BatchNorm never sees a batch of a few texts. {@code y} holds class ids.
 */
public final class SortedDL extends SeekableLoader {
    private final List<int[]> docs;
    private final int[] labels;
    private final int bs;
    private final int seqLen;
    private final int padIdx;
    private final boolean shuffle;
    private final long seed;
    private final boolean wholeChunks;

    public SortedDL(List<int[]> docs, int[] labels, int bs, int seqLen, boolean shuffle, long seed) {
        this(docs, labels, bs, seqLen, PadChunk.PAD_IDX, shuffle, seed);
    }

    public SortedDL(List<int[]> docs, int[] labels, int bs, int seqLen, int padIdx, boolean shuffle, long seed) {
        this(docs, labels, bs, seqLen, padIdx, shuffle, seed, false);
    }

    /**
     * With {@code wholeChunks}, every batch is padded to a multiple of {@code seqLen} (what the classifier's
     * {@code SentenceEncoder} reads: its graphs then come in few shapes).
     */
    public SortedDL(List<int[]> docs, int[] labels, int bs, int seqLen, int padIdx, boolean shuffle, long seed, boolean wholeChunks) {
        if (docs.size() != labels.length)
            throw new IllegalArgumentException(docs.size() + " texts but " + labels.length + " labels");
        if (bs <= 0 || seqLen <= 0) throw new IllegalArgumentException("bs and seqLen must be positive, got " + bs + ", " + seqLen);
        this.docs = List.copyOf(docs);
        this.labels = labels.clone();
        this.bs = bs;
        this.seqLen = seqLen;
        this.padIdx = padIdx;
        this.shuffle = shuffle;
        this.seed = seed;
        this.wholeChunks = wholeChunks;
    }

    /** The texts (token ids, unpadded) in the set's own order. */
    public List<int[]> docs() {
        return docs;
    }

    /** The class id of each text. */
    public int[] labels() {
        return labels.clone();
    }

    /** The number of texts. */
    public int numItems() {
        return docs.size();
    }

    public boolean shuffles() {
        return shuffle;
    }

    /** Batches an epoch: a training loader drops the last partial batch (unless the set is smaller than one batch). */
    @Override
    public int size() {
        // not (n + bs - 1) / bs: that overflows for a bs near Integer.MAX_VALUE (a batch larger than the set)
        return dropsLast() ? docs.size() / bs : docs.size() / bs + (docs.size() % bs != 0 ? 1 : 0);
    }

    private boolean dropsLast() {
        return shuffle && docs.size() >= bs;
    }

    @Override
    public int batchSize() {
        return bs;
    }

    /** Item order of epoch {@code e}: sortish when shuffling, else longest first (ties keep their order). */
    public int[] order(int e) {
        int[] lengths = new int[docs.size()];
        for (int i = 0; i < lengths.length; i++) lengths[i] = docs.get(i).length;
        if (shuffle) return new SortishSampler(lengths, bs).order(new Random(seed + e));
        List<Integer> idx = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) idx.add(i);
        idx.sort((a, b) -> Integer.compare(lengths[b], lengths[a]));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = order(startEpoch());
        int end = dropsLast() ? size() * bs : order.length;
        return new Iterator<>() {
            int pos = 0;

            @Override
            public boolean hasNext() {
                return pos < end;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(bs, end - pos);
                List<int[]> xs = new ArrayList<>(n);
                int[] y = new int[n];
                for (int k = 0; k < n; k++) {
                    xs.add(docs.get(order[pos + k]));
                    y[k] = labels[order[pos + k]];
                }
                pos += n;
                int max = wholeChunks ? PadChunk.paddedLength(xs, seqLen) : PadChunk.maxLength(xs);
                return new Batch(LMDataLoader.ints(PadChunk.pad(xs, seqLen, padIdx, true, wholeChunks), n, max), LMDataLoader.ints(y, n));
            }
        };
    }

    @Override
    public String toString() {
        return "SortedDL(" + docs.size() + " texts, bs=" + bs + (shuffle ? ", sortish" : ", sorted") + ")";
    }
}
