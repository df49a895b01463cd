package textdive.kernel.jupyter;

import com.google.gson.JsonObject;

/**
 * Coalesces a cell's stream output into at most one IOPub message per stream every
 * {@value #INTERVAL_MILLIS} ms: 100,000 {@code println}s become a few dozen messages, which a
 * browser renders and the notebook server's rate limit lets through. Text is sent in order with
 * the cell's other outputs: {@link #flush()} before each of them.
 */
public final class StreamBatcher {
    public static final long INTERVAL_MILLIS = 50;

    private final Channels channels;
    private final Message parent;
    private final StringBuilder text = new StringBuilder();
    private String name;
    private boolean scheduled;

    public StreamBatcher(Channels channels, Message parent) {
        this.channels = channels;
        this.parent = parent;
    }

    public synchronized void add(String stream, String chunk) {
        if (chunk.isEmpty()) return;
        if (name != null && !name.equals(stream)) flush();
        name = stream;
        text.append(chunk);
        if (!scheduled) {
            scheduled = true;
            channels.schedule(this::scheduledFlush, INTERVAL_MILLIS);
        }
    }

    private synchronized void scheduledFlush() {
        scheduled = false;
        flush();
    }

    /** Queues what is buffered for IOPub now (before another output of the cell, and at its end). */
    public synchronized void flush() {
        if (text.length() == 0) return;
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text.toString());
        channels.publish(parent, "stream", content);
        text.setLength(0);
    }

    /**
     * Runs {@code publishing} (which queues another output) right after the buffered text, with no
     * text of this cell slipping in between.
     */
    public synchronized void flushThen(Runnable publishing) {
        flush();
        publishing.run();
    }
}
