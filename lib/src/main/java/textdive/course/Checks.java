package textdive.course;

import java.util.Objects;

/**
 * Assertions for notebooks and exercises: a failing {@code check} stops the cell with a message
 * that says what was expected, so the regression suite and learners see the same failure.
 */
public final class Checks {
    private Checks() {}

    /** Thrown by a failing check; the notebook runner reports it as a failed check, not a crash. */
    public static final class CheckFailed extends AssertionError {
        public CheckFailed(String message) {
            super(message);
        }
    }

    public static void check(boolean condition, String what) {
        if (!condition) throw new CheckFailed("check failed: " + what);
    }

    public static void checkEquals(Object expected, Object actual, String what) {
        if (!Objects.deepEquals(expected, actual))
            throw new CheckFailed("check failed: " + what + ": expected <" + expected + "> but was <" + actual + ">");
    }

    public static void checkClose(double expected, double actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= tolerance))
            throw new CheckFailed("check failed: " + what + ": expected " + expected + " ± " + tolerance + " but was " + actual);
    }
}
