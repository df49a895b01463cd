package textdive.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Child-process helper of {@link AtomicFilesTest}: one atomic write of args[1] to args[0]. */
public final class WriteOnce {
    public static void main(String[] args) throws Exception {
        AtomicFiles.writeString(Path.of(args[0]), args[1], StandardCharsets.UTF_8);
    }
}
