package textdive.data;

import java.util.Arrays;
import java.util.List;

/**
 * fastai's {@code pad_input_chunk}: pads a batch of sequences to the longest one with
 * {@code padIdx}, putting whole chunks of {@code seqLen} pads before the text and the remainder
 * after it. An RNN classifier reads a text in chunks of seqLen; chunks that are all padding come
 * first and leave its state untouched, and the text starts a chunk exactly as it did in training.
 */
public final class PadChunk {
    public static final int PAD_IDX = 1;

    private PadChunk() {}

    /** Row-major (samples.size() × maxLen) ids. */
    public static int[] pad(List<int[]> samples, int seqLen, int padIdx, boolean padFirst) {
        return pad(samples, seqLen, padIdx, padFirst, false);
    }

    /**
     * As {@link #pad(List, int, int, boolean)}; with {@code wholeChunks} the batch is padded to a multiple of
     * {@code seqLen} (the classifier's graphs then come in few, fixed shapes), the extra pads after each text.
     */
    public static int[] pad(List<int[]> samples, int seqLen, int padIdx, boolean padFirst, boolean wholeChunks) {
        if (seqLen <= 0) throw new IllegalArgumentException("seqLen must be positive, got " + seqLen);
        int max = wholeChunks ? paddedLength(samples, seqLen) : maxLength(samples);
        if ((long) samples.size() * max > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("a batch of " + samples.size() + " texts padded to " + max + " tokens is too large for one array");
        int[] out = new int[samples.size() * max];
        for (int i = 0; i < samples.size(); i++) {
            int[] x = samples.get(i);
            int l = max - x.length, chunk = (l / seqLen) * seqLen, rest = l % seqLen, base = i * max;
            Arrays.fill(out, base, base + max, padIdx);
            int start = padFirst ? base + chunk : base;
            System.arraycopy(x, 0, out, start, x.length);
        }
        return out;
    }

    /** The longest sample's length rounded up to whole chunks of {@code seqLen}. */
    public static int paddedLength(List<int[]> samples, int seqLen) {
        if (seqLen <= 0) throw new IllegalArgumentException("seqLen must be positive, got " + seqLen);
        int max = Math.max(1, maxLength(samples));
        // in long: max + seqLen - 1 overflowed (a negative length) for a seqLen near Integer.MAX_VALUE
        long padded = ((long) max + seqLen - 1) / seqLen * seqLen;
        if (padded > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("texts of up to " + max + " tokens padded to whole chunks of seqLen = " + seqLen + " are too long (" + padded + " tokens)");
        return (int) padded;
    }

    public static int maxLength(List<int[]> samples) {
        int max = 0;
        for (int[] s : samples) max = Math.max(max, s.length);
        return max;
    }
}
