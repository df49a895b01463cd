package textdive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import textdive.io.FileTrees;

/**
 * Points the tokenized-corpus cache ({@code textdive.cache}) at a fresh empty folder for each test and
 * puts the setting back afterwards, so that a test neither reads a corpus someone else tokenized nor
 * leaves its own in the user's cache. {@code @ExtendWith(CacheInTemp.class)} on the class, or
 * {@code @RegisterExtension final CacheInTemp cache = new CacheInTemp();} to see the folder.
 */
public final class CacheInTemp implements BeforeEachCallback, AfterEachCallback {
    static final String SETTING = "textdive.cache";
    private Path dir;
    private String before;

    /** This test's cache folder (it exists; tokenizing creates files under it). */
    public Path dir() {
        if (dir == null) throw new IllegalStateException("the cache folder exists only while a test runs");
        return dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("textdive-cache-");
        before = System.getProperty(SETTING);
        System.setProperty(SETTING, dir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (before == null) System.clearProperty(SETTING);
        else System.setProperty(SETTING, before);
        try {
            FileTrees.deleteRecursively(dir);
        } finally {
            dir = null;
        }
    }
}
