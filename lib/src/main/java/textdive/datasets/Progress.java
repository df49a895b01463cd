package textdive.datasets;

/**
 * Reports long work (downloads, extraction) as it goes. {@link TextProgress} prints throttled lines
 * to stderr; a notebook can plug in a progress bar with {@link UntarData#setProgress(Progress)}.
 * Calls come from the working thread, in the order start, update*, finish.
 */
public interface Progress {

    /** Work called {@code task} begins; {@code total} is its size in {@code unit}, or -1 if unknown. */
    void start(String task, long total, String unit);

    /** {@code done} units of the current task are complete (monotone, at most total). */
    void update(long done);

    /** The current task is complete (also called when it failed, after the last update). */
    void finish();

    /** Reports nothing. */
    static Progress none() {
        return new Progress() {
            @Override public void start(String task, long total, String unit) {}
            @Override public void update(long done) {}
            @Override public void finish() {}
        };
    }
}
