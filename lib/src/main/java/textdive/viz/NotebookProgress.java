package textdive.viz;

import textdive.datasets.Progress;
import textdive.datasets.TextProgress;

/**
 * Download and extraction progress in a notebook: in Jupyter (a display sink that updates in place)
 * a {@link ProgressBar} under the running cell; anywhere else {@link TextProgress} lines on stderr.
 * The choice is made per task, so it follows the sink of the cell that runs it. The notebook
 * evaluator installs it with {@code UntarData.setProgress}: {@code datasets} itself knows nothing of
 * notebooks.
 */
public final class NotebookProgress implements Progress {
    private final Progress text = TextProgress.toStderr();
    private ProgressBar<Void> bar;

    @Override
    public void start(String task, long total, String unit) {
        bar = Display.sink() instanceof ProgressBar.InPlace && total >= 0 ? ProgressBar.total(total, task) : null;
        if (bar == null) text.start(task, total, unit);
    }

    @Override
    public void update(long done) {
        if (bar != null) bar.update(done);
        else text.update(done);
    }

    @Override
    public void finish() {
        if (bar != null) bar.finish();
        else text.finish();
        bar = null;
    }
}
