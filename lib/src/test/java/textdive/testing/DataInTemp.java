package textdive.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points the data folder ({@code textdive.data}: extracted datasets and the model cache) at a fresh empty folder for
 * each test and puts the setting back afterwards, so that a test that trains and caches a model neither finds the
 * user's nor replaces it. The datasets come from the offline mirror ({@link #assumeMirrorHas}).
 */
public final class DataInTemp extends FolderSettingInTemp {
    static final String SETTING = "textdive.data";

    public DataInTemp() {
        super(SETTING, "textdive-data-");
    }

    /** Skips the test, with the reason, unless the offline mirror ({@code TEXTDIVE_MIRROR}) has these dataset folders. */
    public static void assumeMirrorHas(String... folders) {
        String m = System.getenv("TEXTDIVE_MIRROR");
        assumeTrue(m != null && !m.isBlank(), "TEXTDIVE_MIRROR is not set: no offline dataset mirror");
        for (String f : folders) assumeTrue(Files.isDirectory(Path.of(m).resolve(f)), "the offline dataset mirror " + m + " has no " + f + "/");
    }
}
