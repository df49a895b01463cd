package textdive.kernel;

import java.util.Locale;
import java.util.Map;

/**
 * Bounds what one cell shows, in Jupyter and in a saved notebook alike: the first
 * {@value #MAX_LINES} lines (or {@value #MAX_CHARS} characters) of its stdout and stderr together,
 * and its first {@value #MAX_DISPLAYS} displays. What is cut is counted, and {@link #finish} adds a
 * visible note such as {@code … 95,000 more lines (a cell shows its first 5,000 lines)}. A browser
 * then never receives 100,000 lines, and nothing is dropped silently.
 */
final class OutputCap implements CellOutput {
    static final int MAX_LINES = 5_000;
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_DISPLAYS = 500;

    private final CellOutput out;
    private final int maxLines;
    private final int maxChars;
    private int lines;
    private long chars;
    private boolean cut;
    private String cutStream;
    private long droppedLines;
    private boolean droppedPartialLine;
    private boolean endsMidLine;
    private int displays;
    private long droppedDisplays;

    OutputCap(CellOutput out) {
        this(out, MAX_LINES, MAX_CHARS);
    }

    OutputCap(CellOutput out, int maxLines, int maxChars) {
        this.out = out;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    @Override
    public synchronized void stream(String name, String text) {
        if (cut) {
            drop(text);
            return;
        }
        int end = 0;
        while (end < text.length() && lines < maxLines && chars < maxChars) {
            if (text.charAt(end) == '\n') lines++;
            end++;
            chars++;
        }
        if (end > 0) {
            out.stream(name, text.substring(0, end));
            endsMidLine = text.charAt(end - 1) != '\n';
        }
        if (end < text.length()) {
            cut = true;
            cutStream = name;
            drop(text.substring(end));
        }
    }

    private void drop(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                droppedLines++;
                droppedPartialLine = false;
            } else {
                droppedPartialLine = true;
            }
        }
    }

    @Override
    public synchronized void display(String id, Map<String, String> bundle, boolean update) {
        if (!update && displays >= MAX_DISPLAYS) {
            droppedDisplays++;
            return;
        }
        if (!update) displays++;
        out.display(id, bundle, update);
    }

    @Override
    public boolean updatesInPlace() {
        return out.updatesInPlace();
    }

    @Override
    public String input(String prompt, boolean password) {
        return out.input(prompt, password);
    }

    /** At the end of the cell: the note on what was not shown, if anything was cut. */
    synchronized void finish() {
        if (cut) {
            long more = droppedLines + (droppedPartialLine ? 1 : 0);
            String limit = chars >= maxChars ? String.format(Locale.ROOT, "%,d characters", maxChars)
                    : String.format(Locale.ROOT, "%,d lines", maxLines);
            out.stream(cutStream, String.format(Locale.ROOT, "%s… %,d more line%s (a cell shows its first %s)%n",
                    endsMidLine ? "\n" : "", more, more == 1 ? "" : "s", limit));
        }
        if (droppedDisplays > 0) {
            out.stream("stderr", String.format(Locale.ROOT, "… %,d more display%s (a cell shows its first %,d)%n",
                    droppedDisplays, droppedDisplays == 1 ? "" : "s", MAX_DISPLAYS));
        }
    }
}
