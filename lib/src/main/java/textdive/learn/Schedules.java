package textdive.learn;

import java.util.function.DoubleUnaryOperator;

/** fastai's annealing schedules: functions of the training position {@code pos} in [0, 1]. */
public final class Schedules {
    private Schedules() {
    }

    /** Cosine from {@code start} to {@code end} (fastai {@code SchedCos}). */
    public static DoubleUnaryOperator cos(double start, double end) {
        return pos -> start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
    }

    public static DoubleUnaryOperator constant(double v) {
        return pos -> v;
    }

    /** Exponential from {@code start} to {@code end} (the learning-rate finder's sweep). */
    public static DoubleUnaryOperator exp(double start, double end) {
        return pos -> start * Math.pow(end / start, pos);
    }

    /** Runs {@code scheds[i]} over a fraction {@code pcts[i]} of training (fastai {@code combine_scheds}). */
    public static DoubleUnaryOperator combine(double[] pcts, DoubleUnaryOperator[] scheds) {
        double[] cum = new double[pcts.length + 1];
        for (int i = 0; i < pcts.length; i++) cum[i + 1] = cum[i] + pcts[i];
        int lim = cum.length - 2;
        return pos -> {
            int idx = 0;
            for (int i = 0; i < cum.length; i++) if (pos >= cum[i]) idx = i;
            idx = Math.min(idx, lim);
            double actual = (pos - cum[idx]) / (cum[idx + 1] - cum[idx]);
            return scheds[idx].applyAsDouble(actual);
        };
    }

    /** Cosine from start to middle over {@code pct} of training, then to end (fastai {@code combined_cos}). */
    public static DoubleUnaryOperator combinedCos(double pct, double start, double middle, double end) {
        return combine(new double[] {pct, 1 - pct}, new DoubleUnaryOperator[] {cos(start, middle), cos(middle, end)});
    }
}
