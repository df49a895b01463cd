package textdive.learn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import textdive.viz.LossPlot;

/**
 * Keeps what happened during training: per batch the smoothed loss, learning rate and momentum;
 * per epoch the book's table row (epoch, train_loss, valid_loss, metrics, time), shown as soon as
 * the epoch ends ({@link FitProgress}: live in Jupyter, plain text elsewhere) and kept as a Tablesaw
 * table; {@link #plotLoss()} draws the losses.
 */
public class Recorder {
    private static final double BETA = 0.98;
    private final List<Double> losses = new ArrayList<>();
    private final List<Double> lrs = new ArrayList<>();
    private final List<Double> moms = new ArrayList<>();
    private final List<Double> validLosses = new ArrayList<>();
    private final List<Double> epochSeconds = new ArrayList<>();
    private final List<Integer> epochEnds = new ArrayList<>();
    private final List<Double> trainSeconds = new ArrayList<>();
    private List<String> metricNames = List.of();
    private final List<Object[]> rows = new ArrayList<>();
    /** Null: {@code System.out} as it is when a line is written (see {@link #out()}). */
    private PrintStream out;
    private boolean silent;
    /** Every fit's table, as printed, across fits (and across save/load). */
    private final StringBuilder history = new StringBuilder();
    private FitProgress progress;
    private double avg;
    private long count;

    /**
     * Where the epoch table is printed. The default, null, is standard output as it is at the moment a
     * line is written, never as it was when the Learner was built: a notebook kernel gives every cell
     * its own {@code System.out}, and the table belongs under the cell that trains.
     */
    public Recorder printTo(PrintStream ps) {
        this.out = ps;
        return this;
    }

    private PrintStream out() {
        return out != null ? out : System.out;
    }

    public Recorder silent(boolean s) {
        this.silent = s;
        return this;
    }

    void beginFit(List<String> metrics, int nEpoch) {
        metricNames = List.copyOf(metrics);
        rows.clear();
        epochSeconds.clear();
        trainSeconds.clear();
        avg = 0;
        count = 0;
        history.append(FitProgress.line(header(), header())).append('\n');
        progress = silent ? null : new FitProgress(header(), nEpoch, this::out, System::nanoTime);
    }

    /** {@code done} of {@code total} batches of the current {@code "train"} or {@code "valid"} pass are finished. */
    void batchDone(String phase, long done, long total) {
        if (progress != null) progress.batch(phase, done, total, losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1));
    }

    /** The fit is over ({@code completed} false: it stopped with an error or an interrupt). */
    void endFit(boolean completed) {
        if (progress != null) progress.end(completed);
        progress = null;
    }

    /** fastai's {@code AvgSmoothLoss}: an exponential moving average of the training loss, debiased. */
    double smooth(double loss) {
        count++;
        avg = BETA * avg + (1 - BETA) * loss;
        return avg / (1 - Math.pow(BETA, count));
    }

    void resetSmoothing() {
        avg = 0;
        count = 0;
    }

    void afterBatch(double smoothLoss, double lr, double mom) {
        losses.add(smoothLoss);
        lrs.add(lr);
        moms.add(mom);
    }

    void afterEpoch(int epoch, double trainLoss, double validLoss, double[] metrics, double seconds, double trainPhaseSeconds) {
        epochSeconds.add(seconds);
        epochEnds.add(losses.size() - 1);
        trainSeconds.add(trainPhaseSeconds);
        Object[] row = new Object[4 + metrics.length];
        row[0] = epoch;
        row[1] = trainLoss;
        row[2] = validLoss;
        for (int i = 0; i < metrics.length; i++) row[3 + i] = metrics[i];
        row[row.length - 1] = time(seconds);
        rows.add(row);
        validLosses.add(validLoss);
        List<String> cells = new ArrayList<>();
        cells.add(String.valueOf(epoch));
        for (int i = 1; i < row.length - 1; i++) cells.add(String.format(Locale.ROOT, "%.6f", (Double) row[i]));
        cells.add((String) row[row.length - 1]);
        history.append(FitProgress.line(header(), cells)).append('\n');
        if (progress != null) {
            progress.epoch(cells);
        }
    }

    private List<String> header() {
        List<String> h = new ArrayList<>(List.of("epoch", "train_loss", "valid_loss"));
        h.addAll(metricNames);
        h.add("time");
        return h;
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    /** The epoch table of the last fit. */
    public Table table() {
        Table t = Table.create("training");
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn train = DoubleColumn.create("train_loss");
        DoubleColumn valid = DoubleColumn.create("valid_loss");
        List<DoubleColumn> ms = new ArrayList<>();
        for (String m : metricNames) ms.add(DoubleColumn.create(m));
        StringColumn time = StringColumn.create("time");
        for (Object[] r : rows) {
            epoch.append((Integer) r[0]);
            train.append((Double) r[1]);
            valid.append((Double) r[2]);
            for (int i = 0; i < ms.size(); i++) ms.get(i).append((Double) r[3 + i]);
            time.append((String) r[r.length - 1]);
        }
        t.addColumns(epoch, train, valid);
        for (DoubleColumn c : ms) t.addColumns(c);
        t.addColumns(time);
        return t;
    }

    /** Final value of a metric (or "valid_loss"/"train_loss") in the last fit. */
    public double last(String column) {
        if (rows.isEmpty()) throw new IllegalStateException("nothing recorded yet");
        return table().doubleColumn(column).get(rows.size() - 1);
    }

    /** The book's recorded values of {@code metric} next to ours, epoch by epoch (ours empty where we ran fewer epochs). */
    public Table versus(String title, String metric, double... book) {
        Table ours = table();
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn bookCol = DoubleColumn.create("book " + metric);
        DoubleColumn ourCol = DoubleColumn.create("textdive " + metric);
        int n = Math.max(book.length, ours.rowCount());
        for (int i = 0; i < n; i++) {
            epoch.append(i);
            if (i < book.length) bookCol.append(book[i]);
            else bookCol.appendMissing();
            if (i < ours.rowCount()) ourCol.append(Math.round(ours.doubleColumn(metric).get(i) * 1e6) / 1e6);
            else ourCol.appendMissing();
        }
        return Table.create(title, epoch, bookCol, ourCol);
    }

    /** The tables of every fit so far, as printed (kept with a saved learner, restored when it is loaded). */
    public String history() {
        return history.toString();
    }

    void restoreHistory(String h) {
        history.setLength(0);
        history.append(h);
    }

    /** fastai's {@code recorder.plot_loss()}: training loss per batch, validation loss per epoch, against epochs. */
    public XYChart plotLoss() {
        return LossPlot.of(losses, epochEnds, validLosses);
    }

    public List<Double> losses() {
        return List.copyOf(losses);
    }

    public List<Double> lrs() {
        return List.copyOf(lrs);
    }

    public List<Double> moms() {
        return List.copyOf(moms);
    }

    /** Wall time of each epoch of the last fit (training + validation). */
    public List<Double> epochSeconds() {
        return List.copyOf(epochSeconds);
    }

    /** Wall time of the training phase of each epoch of the last fit. */
    public List<Double> trainSeconds() {
        return List.copyOf(trainSeconds);
    }

    /** For each recorded validation loss, the index in {@link #losses()} of the last batch before it. */
    public List<Integer> epochEnds() {
        return List.copyOf(epochEnds);
    }

    public List<Double> validLosses() {
        return List.copyOf(validLosses);
    }

    void clearIterations() {
        losses.clear();
        lrs.clear();
        moms.clear();
        validLosses.clear();
        epochEnds.clear();
    }
}
