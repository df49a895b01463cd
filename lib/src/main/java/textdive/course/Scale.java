package textdive.course;

import textdive.config.Settings;

/**
 * How much a notebook computes. A scale changes dataset sizes, model sizes and epoch counts, never
 * what is computed:
 * <ul>
 *   <li>{@code CI}: the regression suite, seconds to a few minutes a notebook;</li>
 *   <li>{@code CPU}: what a learner runs on a laptop-class CPU, at most about an hour a notebook on
 *       a 2-core machine; the outputs recorded in the notebooks come from it. For chapters whose book
 *       sizes already fit a CPU it is the book's size;</li>
 *   <li>{@code FULL}: the book's sizes everywhere, for a GPU (ULMFiT at the book's size takes days on
 *       a CPU).</li>
 * </ul>
 *
 * <p>Read from the environment variable {@code TEXTDIVE_SCALE} (or the system property
 * {@code textdive.scale}); the default is {@code CPU}.
 */
public enum Scale {
    CI, CPU, FULL;

    /** The scale this process runs at. */
    public static Scale current() {
        String v = Settings.scale();
        if (v == null) return CPU;
        try {
            return named(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TEXTDIVE_SCALE must be 'ci', 'cpu' or 'full', not '" + v + "'");
        }
    }

    /** The scale called {@code ci}, {@code cpu} or {@code full}, in any case. */
    public static Scale named(String name) {
        for (Scale s : values())
            if (s.name().equalsIgnoreCase(name.trim())) return s;
        throw new IllegalArgumentException("a scale is 'ci', 'cpu' or 'full', not '" + name + "'");
    }

    /**
     * {@code full} at the CPU and full scales, {@code ci} in the test suite: {@code Scale.pick(15, 2)}
     * epochs, for chapters whose book sizes fit a CPU.
     */
    public static int pick(int full, int ci) {
        return current() == CI ? ci : full;
    }

    /** One value per scale, for chapters whose book sizes need a GPU. */
    public static int pick(int full, int cpu, int ci) {
        return switch (current()) {
            case CI -> ci;
            case CPU -> cpu;
            case FULL -> full;
        };
    }

    /** {@link #pick(int, int, int)} for any value (a model config, a learning rate, a folder). */
    public static <T> T pick(T full, T cpu, T ci) {
        return switch (current()) {
            case CI -> ci;
            case CPU -> cpu;
            case FULL -> full;
        };
    }

    public static boolean isCi() {
        return current() == CI;
    }
}
