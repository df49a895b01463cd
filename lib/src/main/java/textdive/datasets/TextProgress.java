package textdive.datasets;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Plain-text progress for logs and headless runs, throttled to one line per interval. Work that
 * finishes within the first interval prints nothing (a 30 kB archive needs no progress, and notebook
 * outputs stay the same whether or not the cache was warm); longer work prints its name, a status
 * line per interval and a final line with the elapsed time.
 */
public final class TextProgress implements Progress {
    private final Supplier<PrintStream> out;
    private final long intervalNanos;
    private String task;
    private long total;
    private String unit;
    private long done;
    private long startNanos;
    private long lastPrintNanos;
    private boolean announced;

    public TextProgress(PrintStream out, long intervalMillis) {
        this(() -> out, intervalMillis);
    }

    private TextProgress(Supplier<PrintStream> out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Lines to stderr, at most one every two seconds. */
    public static TextProgress toStderr() {
        return toStderr(2000);
    }

    /**
     * Lines to stderr, at most one per {@code intervalMillis}. {@code System.err} is looked up on every
     * line, so a notebook evaluator that redirects it per cell gets the lines in the running cell.
     */
    public static TextProgress toStderr(long intervalMillis) {
        return new TextProgress(() -> System.err, intervalMillis);
    }

    @Override
    public void start(String task, long total, String unit) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.done = 0;
        this.announced = false;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
    }

    @Override
    public void update(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            announce();
            out.get().println("  " + task + ": " + status());
        }
    }

    @Override
    public void finish() {
        if (!announced) return;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.get().println("  " + task + ": " + status() + String.format(Locale.ROOT, ", done in %.1f s", seconds));
    }

    private void announce() {
        if (announced) return;
        announced = true;
        out.get().println(task + (total >= 0 ? " (" + amount(total) + ")" : "") + " ...");
    }

    private String status() {
        if (total <= 0) return amount(done);
        String of = "bytes".equals(unit) ? amount(done) + " of " + amount(total)
                : String.format(Locale.ROOT, "%,d of %,d %s", done, total, unit);
        return of + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total);
    }

    private String amount(long n) {
        if ("bytes".equals(unit)) {
            if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
            if (n >= 1_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%,d %s", n, unit);
    }
}
