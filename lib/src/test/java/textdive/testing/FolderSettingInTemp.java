package textdive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import textdive.io.FileTrees;

/**
 * Points a folder setting at a fresh empty folder for each test, puts the setting back afterwards and deletes the
 * folder with what the test wrote: a test neither reads what someone else left there nor leaves its own.
 */
public abstract class FolderSettingInTemp implements BeforeEachCallback, AfterEachCallback {
    private final String setting;
    private final String prefix;
    private Path dir;
    private String before;

    FolderSettingInTemp(String setting, String prefix) {
        this.setting = setting;
        this.prefix = prefix;
    }

    /** This test's folder (it exists while the test runs). */
    public Path dir() {
        if (dir == null) throw new IllegalStateException("the " + setting + " folder exists only while a test runs");
        return dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory(prefix);
        before = System.getProperty(setting);
        System.setProperty(setting, dir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (before == null) System.clearProperty(setting);
        else System.setProperty(setting, before);
        try {
            FileTrees.deleteRecursively(dir);
        } finally {
            dir = null;
        }
    }
}
