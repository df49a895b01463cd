package textdive.learn;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import textdive.nn.Rng;

/**
 * How much a result depends on the seed: the same recipe trained from seeds 0, 1, ..., each run starting
 * from the initial weights {@code torch.manual_seed(seed)} would give ({@link Rng#seed}). A single run,
 * the book's included, is one draw from this spread; comparing two single runs says little unless they
 * differ by more than it.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * Trains {@code nSeeds} runs and returns their final {@code metric}, one row per seed; the title gives
     * the median and range: {@code "LMModel4: final accuracy over seeds 0-4: median 0.641 (0.611 to 0.675)"}.
     *
     * @param learner builds the Learner for a seed (after {@link Rng#seed} was called with it); a run is
     *                exactly a fresh run from that seed when the loaders do not shuffle or are built here too
     * @param fit     trains it, e.g. {@code l -> l.fitOneCycle(15, 3e-3)}; the epoch tables are not printed
     */
    public static Table finalMetric(String name, int nSeeds, IntFunction<Learner> learner, Consumer<Learner> fit, String metric) {
        if (nSeeds < 1) throw new IllegalArgumentException("nSeeds must be at least 1, got " + nSeeds);
        IntColumn seeds = IntColumn.create("seed");
        DoubleColumn values = DoubleColumn.create(metric);
        for (int s = 0; s < nSeeds; s++) {
            Rng.seed(s);
            Learner l = learner.apply(s);
            try {
                l.recorder().silent(true);
                fit.accept(l);
                seeds.append(s);
                values.append(l.recorder().last(metric));
            } finally {
                l.close();
            }
        }
        double[] sorted = values.asDoubleArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        String title = String.format(Locale.ROOT, "%s: final %s over seeds 0-%d: median %.3f (%.3f to %.3f)",
                name, metric, nSeeds - 1, median, sorted[0], sorted[n - 1]);
        return Table.create(title, seeds, values);
    }
}
