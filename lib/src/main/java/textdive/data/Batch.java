package textdive.data;

import org.tensorflow.ndarray.IntNdArray;

/**
 * One mini-batch on the host: inputs {@code x} and targets {@code y} as token or class ids.
 * A language-model batch has x and y of shape (bs, seqLen); a classifier batch has x of shape
 * (bs, paddedLen) and y of shape (bs).
 */
public record Batch(IntNdArray x, IntNdArray y) {
    public int size() {
        return (int) x.shape().get(0);
    }
}
