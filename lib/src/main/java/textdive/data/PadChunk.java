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
        for (int i = 0; i < samples.size(); i++) padInto(samples.get(i), out, i * max, max, seqLen, padIdx, padFirst);
        return out;
    }

    /**
     * fastai's {@code pad_chunk} on one sequence: {@code x} padded to {@code padLen} with {@code padIdx}. With
     * {@code padFirst}, the whole chunks of {@code seqLen} pads go before the text and the rest after it; otherwise every
     * pad goes after it. {@code padChunk([1, 2, 3], 0, true, 3, 8)} is {@code [0, 0, 0, 1, 2, 3, 0, 0]}.
     */
    public static int[] padChunk(int[] x, int padIdx, boolean padFirst, int seqLen, int padLen) {
        if (x == null) throw new IllegalArgumentException("padChunk needs a sequence, got null");
        if (seqLen <= 0) throw new IllegalArgumentException("seqLen must be positive, got " + seqLen);
        if (padLen < x.length) throw new IllegalArgumentException("cannot pad a sequence of " + x.length + " ids to the shorter length " + padLen);
        int[] out = new int[padLen];
        padInto(x, out, 0, padLen, seqLen, padIdx, padFirst);
        return out;
    }

    /** {@code x} padded to {@code len} in {@code out[base, base + len)}: whole chunks of pads first (if {@code padFirst}), the rest after. */
    private static void padInto(int[] x, int[] out, int base, int len, int seqLen, int padIdx, boolean padFirst) {
        int chunk = ((len - x.length) / seqLen) * seqLen;
        Arrays.fill(out, base, base + len, padIdx);
        System.arraycopy(x, 0, out, padFirst ? base + chunk : base, x.length);
    }

    /**
     * The ids of {@code x} that are not {@code padIdx} (fastai's {@code Pad_Chunk.decodes}): the text back from a
     * padded row, wherever its padding was.
     */
    public static int[] unpad(int[] x, int padIdx) {
        return Arrays.stream(x).filter(id -> id != padIdx).toArray();
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
