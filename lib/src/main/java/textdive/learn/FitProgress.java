package textdive.learn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import textdive.viz.Display;
import textdive.viz.ProgressBar;
import textdive.viz.TableHtml;

/**
 * What a fit shows while it runs, as fastai's {@code ProgressCallback} does with fastprogress.
 *
 * <p>In Jupyter (a display sink that updates in place) one output under the cell: the epochs' bar,
 * the table of finished epochs as an HTML table, and under it a bar over the batches of the current
 * training or validation pass with the smoothed loss, updated at most every
 * {@value ProgressBar#MIN_UPDATE_MILLIS} ms and at every epoch's end. When the fit ends only the table
 * stays, as in the book; when it stops early (an error, an interrupt) the bars stay where they stopped.
 *
 * <p>Anywhere else (headless runs, logs, tests) the same table as plain text, a line per epoch as it
 * ends. The display's text/plain form is that same text.
 */
final class FitProgress {
    private final List<String> header;
    private final int nEpoch;
    private final Supplier<PrintStream> out;
    private final LongSupplier nanoTime;
    private final boolean live;
    private final List<List<String>> rows = new ArrayList<>();
    private final long start;
    private String displayId;
    private long lastShown;
    private String phase = "train";
    private long done;
    private long total;
    private long phaseStart;
    private double loss = Double.NaN;

    FitProgress(List<String> header, int nEpoch, Supplier<PrintStream> out, LongSupplier nanoTime) {
        this.header = List.copyOf(header);
        this.nEpoch = nEpoch;
        this.out = out;
        this.nanoTime = nanoTime;
        this.live = Display.sink() instanceof ProgressBar.InPlace;
        this.start = nanoTime.getAsLong();
        this.phaseStart = start;
        if (live) {
            displayId = Display.display(bundle(true));
            lastShown = start;
        } else {
            PrintStream ps = out.get();
            ps.println(format(header));
            ps.flush();
        }
    }

    /** {@code done} of {@code total} batches of the current pass ({@code "train"} or {@code "valid"}) are finished. */
    void batch(String phase, long done, long total, double smoothLoss) {
        if (!live) return;
        long now = nanoTime.getAsLong();
        if (!phase.equals(this.phase) || done < this.done) phaseStart = now;
        this.phase = phase;
        this.done = done;
        this.total = total;
        if (!Double.isNaN(smoothLoss)) loss = smoothLoss;
        if (now - lastShown >= ProgressBar.MIN_UPDATE_MILLIS * 1_000_000L) show(true, now);
    }

    /** An epoch ended: its row of the table. */
    void epoch(List<String> cells) {
        rows.add(List.copyOf(cells));
        if (live) {
            done = 0;
            total = 0;
            show(true, nanoTime.getAsLong());
        } else {
            PrintStream ps = out.get();
            ps.println(format(cells));
            ps.flush();
        }
    }

    /** The fit is over: just the table when it completed, the bars where they stopped when it did not. */
    void end(boolean completed) {
        if (live) show(!completed, nanoTime.getAsLong());
    }

    private void show(boolean withBars, long now) {
        Display.update(displayId, bundle(withBars));
        lastShown = now;
    }

    private Map<String, String> bundle(boolean withBars) {
        StringBuilder html = new StringBuilder();
        double elapsed = (nanoTime.getAsLong() - start) / 1e9;
        if (withBars) html.append(ProgressBar.html(rows.size(), nEpoch, ProgressBar.times(elapsed, rows.size(), nEpoch), "epochs"));
        html.append("<table border=\"1\" class=\"dataframe\">\n<thead><tr style=\"text-align: left;\">");
        for (String h : header) html.append("<th>").append(TableHtml.escape(h)).append("</th>");
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            html.append("<tr>");
            for (String c : r) html.append("<td>").append(TableHtml.escape(c)).append("</td>");
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>");
        if (withBars && total > 0) {
            double phaseElapsed = (nanoTime.getAsLong() - phaseStart) / 1e9;
            String text = phase + (Double.isNaN(loss) || !phase.equals("train") ? "" : String.format(Locale.ROOT, " %.4f", loss));
            html.append(ProgressBar.html(done, total, ProgressBar.times(phaseElapsed, done, total), text));
        }
        StringBuilder plain = new StringBuilder(format(header));
        for (List<String> r : rows) plain.append('\n').append(format(r));
        return Display.bundle("text/html", html.toString(), plain.toString());
    }

    private String format(List<String> cells) {
        return line(header, cells);
    }

    /** One line of the plain table: columns padded to the header's width (at least 8) plus 2. */
    static String line(List<String> header, List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            int w = Math.max(i < header.size() ? header.get(i).length() : 0, 8) + 2;
            sb.append(String.format("%-" + w + "s", cells.get(i)));
        }
        return sb.toString().stripTrailing();
    }
}
