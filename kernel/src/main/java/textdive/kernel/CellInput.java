package textdive.kernel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A cell's {@code System.in}: when the cell reads past what it has, it asks for one more line (in
 * Jupyter an input box under the cell). Reading never blocks a cell that nobody can answer: it
 * fails with {@link CellOutput.NoInputException}, which {@code Scanner} does not swallow.
 */
final class CellInput extends InputStream {
    private final Supplier<String> nextLine;
    private byte[] buffer = new byte[0];
    private int pos;

    /** @param nextLine one line typed by the user, without its line end */
    CellInput(Supplier<String> nextLine) {
        this.nextLine = nextLine;
    }

    @Override
    public synchronized int read() {
        if (!fill()) return -1;
        return buffer[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - pos;
    }

    private boolean fill() {
        if (pos < buffer.length) return true;
        String line = nextLine.get();
        if (line == null) return false;
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
