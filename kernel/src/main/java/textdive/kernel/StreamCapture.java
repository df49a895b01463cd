package textdive.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An output stream that hands complete UTF-8 text to a consumer on every flush (so a multi-byte
 * character split across writes is never torn). Writing is where library code that prints is stopped
 * when its cell was interrupted ({@link SnippetHooks#check()}).
 */
final class StreamCapture extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    StreamCapture(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        SnippetHooks.check();
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        SnippetHooks.check();
        buffer.write(b, off, len);
    }

    @Override
    public void flush() {
        String text;
        synchronized (this) {
            byte[] bytes = buffer.toByteArray();
            int end = completeUtf8Prefix(bytes);
            if (end == 0) return;
            text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            buffer.reset();
            buffer.write(bytes, end, bytes.length - end);
        }
        sink.accept(text);
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= 3 && back <= n; back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) continue;          // continuation byte: look further back
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
