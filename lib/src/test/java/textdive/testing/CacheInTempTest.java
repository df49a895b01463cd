package textdive.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The extension gives each test an empty cache folder, removes it with what was written, and restores the setting. */
class CacheInTempTest {
    @Test
    void aFreshFolderPerTestRemovedAfterwardsWithTheSettingPutBack() throws Exception {
        String was = System.getProperty(CacheInTemp.SETTING);
        System.setProperty(CacheInTemp.SETTING, "/somewhere/else");
        try {
            CacheInTemp ext = new CacheInTemp();
            assertThrows(IllegalStateException.class, ext::dir);
            ext.beforeEach(null);
            Path dir = ext.dir();
            assertEquals(dir.toString(), System.getProperty(CacheInTemp.SETTING));
            assertTrue(Files.isDirectory(dir));
            try (var list = Files.list(dir)) {
                assertEquals(0, list.count());
            }
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("corpus.bin"), "tokens");
            ext.afterEach(null);
            assertFalse(Files.exists(dir));
            assertEquals("/somewhere/else", System.getProperty(CacheInTemp.SETTING));

            System.clearProperty(CacheInTemp.SETTING);
            ext.beforeEach(null);
            ext.afterEach(null);
            assertNull(System.getProperty(CacheInTemp.SETTING));
        } finally {
            if (was == null) System.clearProperty(CacheInTemp.SETTING);
            else System.setProperty(CacheInTemp.SETTING, was);
        }
    }
}
