package textdive.nn;

import java.util.SplittableRandom;

/**
 * The one source of randomness for weight initialisation, dropout seeds and shuffling, so that
 * {@code Rng.seed(42)} makes a whole run repeatable (fastai's {@code set_seed}). Initial weights come
 * from a {@link TorchGenerator}, drawn in construction order as PyTorch draws them, so the same seed
 * gives the same initial weights as the book's PyTorch code; dropout masks and shuffling come from a
 * separate stream (TensorFlow's dropout cannot follow PyTorch's).
 */
public final class Rng {
    private static SplittableRandom random = new SplittableRandom();
    private static TorchGenerator init = new TorchGenerator(random.nextInt(Integer.MAX_VALUE));

    private Rng() {
    }

    /** Restarts every random stream of the library from {@code seed}. */
    public static synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
        init = new TorchGenerator(seed);
    }

    /** The stream initial weights are drawn from, in the order modules create them. */
    static synchronized TorchGenerator init() {
        return init;
    }

    /** An independent generator split from the global stream (for one module, one loader, one graph). */
    public static synchronized SplittableRandom split() {
        return random.split();
    }

    public static synchronized long nextLong() {
        return random.nextLong();
    }
}
