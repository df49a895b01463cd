package textdive.data;

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
        if (seqLen <= 0) throw new IllegalArgumentException("seqLen must be positive");
        int max = maxLength(samples);
        int[] out = new int[samples.size() * max];
        for (int i = 0; i < samples.size(); i++) {
            int[] x = samples.get(i);
            int l = max - x.length, chunk = (l / seqLen) * seqLen, rest = l % seqLen, base = i * max;
            java.util.Arrays.fill(out, base, base + max, padIdx);
            int start = padFirst ? base + chunk : base;
            System.arraycopy(x, 0, out, start, x.length);
        }
        return out;
    }

    public static int maxLength(List<int[]> samples) {
        int max = 0;
        for (int[] s : samples) max = Math.max(max, s.length);
        return max;
    }
}
