package textdive.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The offline mirror surefire points TEXTDIVE_MIRROR at; tests that need it are skipped, with a reason, without it. */
public final class MirrorAssumptions {
    private MirrorAssumptions() {}

    public static Path mirror() {
        String m = System.getenv("TEXTDIVE_MIRROR");
        if (m == null || m.isBlank()) m = System.getProperty("textdive.mirror");
        assumeTrue(m != null && !m.isBlank(), "TEXTDIVE_MIRROR is not set: no offline dataset mirror to test against");
        Path p = Path.of(m);
        assumeTrue(Files.isDirectory(p), "the offline dataset mirror " + p + " is absent");
        return p;
    }

    public static Path mirrorFolder(String name) {
        Path p = mirror().resolve(name);
        assumeTrue(Files.isDirectory(p), "the offline dataset mirror has no " + name + "/ (" + p + ")");
        return p;
    }
}
