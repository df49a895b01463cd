package textdive.course;

import java.util.Locale;

/**
 * How much a notebook computes: {@code FULL} for learners (the book's sizes), {@code CI} for the
 * regression suite. A scale changes dataset sizes and epoch counts, never what is computed.
 *
 * <p>Read from the environment variable {@code TEXTDIVE_SCALE} (or the system property
 * {@code textdive.scale}); the default is {@code FULL}.
 */
public enum Scale {
    CI, FULL;

    /** The scale this process runs at. */
    public static Scale current() {
        String v = Settings.get("textdive.scale", "TEXTDIVE_SCALE");
        if (v == null) return FULL;
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TEXTDIVE_SCALE must be 'ci' or 'full', not '" + v + "'");
        }
    }

    /** {@code full} at full scale, {@code ci} in the test suite: {@code Scale.pick(15, 2)} epochs. */
    public static int pick(int full, int ci) {
        return current() == FULL ? full : ci;
    }

    public static boolean isCi() {
        return current() == CI;
    }
}
