package textdive.data;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code pad_input}: a batch of sequences padded with {@code padIdx} to the longest one, all the padding on
 * one side (after the text, or before it with {@code padFirst}). With {@code backwards} each padded sequence is also
 * reversed, the padding side flipped first so that it ends up where {@code padFirst} says. Models that read a text
 * in chunks want {@link PadChunk} instead, which keeps a text starting on a chunk boundary.
 */
public final class PadInput {
    private PadInput() {}

    /** Each of {@code samples} padded to the longest, in order. */
    public static List<int[]> pad(List<int[]> samples, int padIdx, boolean padFirst, boolean backwards) {
        if (samples == null) throw new IllegalArgumentException("pad needs a list of sequences, got null");
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i) == null) throw new IllegalArgumentException("sequence " + i + " of " + samples.size() + " is null");
        }
        int max = PadChunk.maxLength(samples);
        boolean before = backwards != padFirst;
        List<int[]> out = new ArrayList<>(samples.size());
        for (int[] x : samples) {
            int[] p = PadChunk.padChunk(x, padIdx, before, 1, max); // chunks of one token: all the padding on one side
            out.add(backwards ? LmDataBuilder.reversed(p) : p);
        }
        return out;
    }

    /** The sequence without its padding (fastai's {@code Pad_Input.decodes}). */
    public static int[] decode(int[] x, int padIdx) {
        return PadChunk.unpad(x, padIdx);
    }
}
