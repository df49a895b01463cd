package textdive.learn;

import java.util.Arrays;

/**
 * A learning rate as fastai takes it: one rate for every layer group, or {@code slice(lo, hi)}, discriminative
 * rates spread geometrically from the first group (the pretrained layers nearest the input, which need to
 * change least) to the last (the new head). {@code slice(hi)} gives the last group {@code hi} and every other
 * group {@code hi / 10}. Schedules such as one-cycle scale each group's own rate, so the ratios hold throughout.
 */
public final class Lr {
    private final double lo;
    private final double hi;
    private final Kind kind;

    private enum Kind { ONE, SLICE, SLICE_HI }

    private Lr(double lo, double hi, Kind kind) {
        check(lo);
        check(hi);
        if (kind == Kind.SLICE && lo > hi) throw new IllegalArgumentException("slice(lo, hi) needs lo <= hi, got slice(" + lo + ", " + hi + ")");
        this.lo = lo;
        this.hi = hi;
        this.kind = kind;
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr);
    }

    /** The same rate for every group. */
    public static Lr of(double lr) {
        return new Lr(lr, lr, Kind.ONE);
    }

    /** fastai's {@code slice(lo, hi)}: {@code lo} for the first group, {@code hi} for the last, geometric in between. */
    public static Lr slice(double lo, double hi) {
        return new Lr(lo, hi, Kind.SLICE);
    }

    /** fastai's {@code slice(hi)}: {@code hi} for the last group, {@code hi / 10} for the others. */
    public static Lr slice(double hi) {
        return new Lr(hi / 10, hi, Kind.SLICE_HI);
    }

    /** The rate of each of {@code nGroups} groups (fastai's {@code even_mults} for a slice). */
    public double[] perGroup(int nGroups) {
        if (nGroups < 1) throw new IllegalArgumentException("at least one parameter group, got " + nGroups);
        double[] out = new double[nGroups];
        switch (kind) {
            case ONE -> Arrays.fill(out, hi);
            case SLICE_HI -> {
                Arrays.fill(out, lo);
                out[nGroups - 1] = hi;
            }
            case SLICE -> {
                if (nGroups == 1) {
                    out[0] = hi;
                } else {
                    double step = Math.pow(hi / lo, 1.0 / (nGroups - 1));
                    for (int i = 0; i < nGroups; i++) out[i] = lo * Math.pow(step, i);
                }
            }
        }
        return out;
    }

    /** The last group's rate (what the recorder plots). */
    public double max() {
        return hi;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ONE -> String.valueOf(hi);
            case SLICE -> "slice(" + lo + ", " + hi + ")";
            case SLICE_HI -> "slice(" + hi + ")";
        };
    }
}
