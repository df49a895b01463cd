package textdive.data;

/**
 * A loader whose batches depend on how many epochs it has served: its shuffle (and a language-model loader's bptt
 * lengths) is drawn from the epoch number. Setting the epoch replays another run's batches, one that showed a batch
 * or trained another model on the same loader first, without serving those epochs again.
 */
public abstract class SeekableLoader implements DataLoader {
    private int epoch;

    /** The epoch the next iteration serves (0 before the first). */
    public final int epoch() {
        return epoch;
    }

    /** Makes the next iteration serve epoch {@code e}, as if {@code e} epochs had been served. */
    public final void seekEpoch(int e) {
        if (e < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        epoch = e;
    }

    /** For an iteration that starts: the epoch it serves; the next iteration serves the one after. */
    protected final int startEpoch() {
        return epoch++;
    }
}
