package textdive.viz;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of long work, as fastai's progress bar: {@code for (var doc : ProgressBar.of(docs,
 * "tokenizing")) ...}, or {@link #total} with explicit {@link #update} calls.
 *
 * <p>In Jupyter (a display sink that is {@link InPlace}) one bar is shown and updated in place,
 * at most every {@value #MIN_UPDATE_MILLIS} ms. Anywhere else (headless runs, logs, tests) it prints
 * a few plain lines, at 25%, 50%, 75% and when done, so a saved notebook or a log shows the work
 * without one line per step.
 */
public final class ProgressBar<T> implements Iterable<T> {
    /** A display sink that shows {@link Display#update}s in place (the Jupyter kernel's). */
    public interface InPlace extends Display.Sink {}

    public static final long MIN_UPDATE_MILLIS = 200;

    private final Iterable<T> items;
    private final long total;
    private final String label;
    private final LongSupplier nanoTime;
    private final Supplier<PrintStream> plainOut;
    private long start = -1;
    private long lastShown;
    private long done;
    private int quartersPrinted;
    private String displayId;
    private boolean finished;
    private String comment = "";
    private long delayNanos;
    private boolean shown;

    ProgressBar(Iterable<T> items, long total, String label, LongSupplier nanoTime, Supplier<PrintStream> plainOut) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, was " + total);
        this.items = items;
        this.total = total;
        this.label = Objects.requireNonNull(label, "label");
        this.nanoTime = nanoTime;
        this.plainOut = plainOut;
    }

    /** Iterates {@code items}, showing progress as it goes. */
    public static <T> ProgressBar<T> of(Collection<T> items, String label) {
        return new ProgressBar<>(items, items.size(), label, System::nanoTime, () -> System.out);
    }

    /** Iterates {@code items}, of which there are {@code total}. */
    public static <T> ProgressBar<T> of(Iterable<T> items, long total, String label) {
        return new ProgressBar<>(items, total, label, System::nanoTime, () -> System.out);
    }

    /**
     * Shows nothing until the work has run for {@code millis}: short work (a small corpus, a warm cache)
     * leaves no trace in the notebook, long work gets its bar. Returns this bar.
     */
    public ProgressBar<T> showAfter(long millis) {
        if (millis < 0) throw new IllegalArgumentException("showAfter needs millis >= 0, was " + millis);
        this.delayNanos = millis * 1_000_000L;
        return this;
    }

    /** A bar for {@code total} units of work reported with {@link #update}. */
    public static ProgressBar<Void> total(long total, String label) {
        return new ProgressBar<>(null, total, label, System::nanoTime, () -> System.out);
    }

    @Override
    public Iterator<T> iterator() {
        if (items == null) throw new IllegalStateException("this progress bar has no items; call update(done)");
        Iterator<T> it = items.iterator();
        update(0);
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) finish();
                return more;
            }

            @Override
            public T next() {
                if (!it.hasNext()) throw new NoSuchElementException();
                if (index > 0) update(index);
                index++;
                return it.next();
            }
        };
    }

    /** Extra text after the bar, e.g. the last loss; shown with the next update. */
    public void comment(String text) {
        this.comment = text == null ? "" : text;
    }

    /** Reports that {@code done} of {@code total} units are finished. */
    public void update(long done) {
        if (finished) return;
        long now = nanoTime.getAsLong();
        if (start < 0) start = now;
        this.done = Math.min(Math.max(done, 0), total);
        if (now - start < delayNanos) return;
        shown = true;
        if (Display.sink() instanceof InPlace) {
            if (displayId == null) {
                displayId = Display.display(bundle(now));
                lastShown = now;
            } else if (now - lastShown >= MIN_UPDATE_MILLIS * 1_000_000L) {
                Display.update(displayId, bundle(now));
                lastShown = now;
            }
        } else {
            int quarter = total == 0 ? 0 : (int) (4 * this.done / total);
            if (quarter > quartersPrinted && this.done < total) {
                quartersPrinted = quarter;
                plainOut.get().println(line(now));
            }
        }
    }

    /** Marks the work done and shows the final state (called by the iterator at the end). */
    public void finish() {
        if (finished) return;
        long now = nanoTime.getAsLong();
        if (start < 0) start = now;
        done = total;
        finished = true;
        if (!shown && now - start < delayNanos) return;
        if (displayId != null) Display.update(displayId, bundle(now));
        else if (Display.sink() instanceof InPlace) Display.display(bundle(now));
        else plainOut.get().println(line(now));
    }

    /** The plain-text form: {@code tokenizing: 50% 500/1000 [00:02<00:02]}. */
    String line(long now) {
        long pct = total == 0 ? 100 : 100 * done / total;
        return label + ": " + pct + "% " + done + "/" + total + " [" + times(now) + "]"
                + (comment.isEmpty() ? "" : " " + comment);
    }

    private String times(long now) {
        return times((now - start) / 1e9, done, total);
    }

    /** {@code elapsed<remaining} while work is under way, just the elapsed time before it starts and once done. */
    public static String times(double elapsedSeconds, long done, long total) {
        if (done >= total || done == 0) return clock(elapsedSeconds);
        return clock(elapsedSeconds) + "<" + clock(elapsedSeconds / done * (total - done));
    }

    private Map<String, String> bundle(long now) {
        return Display.bundle("text/html", html(done, total, times(now), label + (comment.isEmpty() ? "" : " " + comment)), line(now));
    }

    /**
     * fastprogress's bar as HTML: {@code [bar] 40.00% [4/10 00:02<00:03] text}. {@code times} is the
     * elapsed (and remaining) time as {@link #clock} prints it; {@code text} is escaped.
     */
    public static String html(long done, long total, String times, String text) {
        double pct = total == 0 ? 100 : 100.0 * done / total;
        return "<div><progress value='" + done + "' max='" + Math.max(total, 1)
                + "' style='width:300px; height:20px; vertical-align: middle;'></progress> "
                + String.format(Locale.ROOT, "%.2f%%", pct) + " [" + done + "/" + total + " " + times + "]"
                + (text == null || text.isEmpty() ? "" : " " + TableHtml.escape(text)) + "</div>";
    }

    /** {@code mm:ss}, or {@code h:mm:ss} past an hour, as fastai prints durations. */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s >= 3600) return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
