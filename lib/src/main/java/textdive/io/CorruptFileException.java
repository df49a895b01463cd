package textdive.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file textdive wrote earlier is not what it wrote: truncated, overwritten, bit-flipped or crafted. */
public class CorruptFileException extends IOException {
    private final transient Path file;

    public CorruptFileException(Path file, String what) {
        super(file + " is unusable: " + what);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
