package textdive.data;

/**
 * Yields the mini-batches of one epoch each time it is iterated. Iterating again starts a new
 * epoch (reshuffling where the loader shuffles).
 */
public interface DataLoader extends Iterable<Batch> {
    /** Number of batches one epoch yields. */
    int size();

    /** Batch size (the last batch may be smaller unless the loader drops it). */
    int batchSize();
}
