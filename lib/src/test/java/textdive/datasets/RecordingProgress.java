package textdive.datasets;

import java.util.ArrayList;
import java.util.List;

/** Remembers what was reported, for assertions. */
final class RecordingProgress implements Progress {
    final List<String> started = new ArrayList<>();
    long total = -2;
    long last = -1;
    int updates;
    int finished;

    @Override
    public void start(String task, long total, String unit) {
        started.add(task);
        this.total = total;
    }

    @Override
    public void update(long done) {
        if (done < last) throw new AssertionError("progress went backwards: " + done + " after " + last);
        last = done;
        updates++;
    }

    @Override
    public void finish() {
        finished++;
    }

    @Override
    public String toString() {
        return "started=" + started + " total=" + total + " last=" + last + " updates=" + updates + " finished=" + finished;
    }
}
