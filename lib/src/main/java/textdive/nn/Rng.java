package textdive.nn;

import java.util.SplittableRandom;

/**
 * The one source of randomness for weight initialisation, dropout seeds and shuffling, so that
 * {@code Rng.seed(42)} makes a whole run repeatable (fastai's {@code set_seed}).
 */
public final class Rng {
    private static SplittableRandom random = new SplittableRandom();

    private Rng() {
    }

    /** Restarts every random stream of the library from {@code seed}. */
    public static synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** An independent generator split from the global stream (for one module, one loader, one graph). */
    public static synchronized SplittableRandom split() {
        return random.split();
    }

    public static synchronized long nextLong() {
        return random.nextLong();
    }
}
