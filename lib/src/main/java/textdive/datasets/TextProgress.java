package textdive.datasets;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Plain-text progress for logs and headless runs: one line when a task starts, then at most one
 * line per {@code intervalMillis}, and a final line with the elapsed time.
 */
public final class TextProgress implements Progress {
    private final PrintStream out;
    private final long intervalNanos;
    private String task;
    private long total;
    private String unit;
    private long done;
    private long startNanos;
    private long lastPrintNanos;

    public TextProgress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Lines to stderr, at most one every two seconds. */
    public static TextProgress toStderr() {
        return new TextProgress(System.err, 2000);
    }

    @Override
    public void start(String task, long total, String unit) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastPrintNanos = startNanos;
        out.println(task + (total >= 0 ? " (" + amount(total) + ")" : "") + " ...");
    }

    @Override
    public void update(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            out.println("  " + task + ": " + status());
        }
    }

    @Override
    public void finish() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.println("  " + task + ": " + status() + String.format(Locale.ROOT, ", done in %.1f s", seconds));
    }

    private String status() {
        if (total <= 0) return amount(done);
        return amount(done) + " of " + amount(total)
                + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total);
    }

    private String amount(long n) {
        if ("bytes".equals(unit)) {
            if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
            if (n >= 1_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%,d %s", n, unit);
    }
}
