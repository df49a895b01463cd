package textdive.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The extensions give each test an empty folder, remove it with what was written, and restore the setting. */
class FolderSettingInTempTest {
    @Test
    void aFreshCacheFolderPerTestRemovedAfterwardsWithTheSettingPutBack() throws Exception {
        check(new CacheInTemp(), CacheInTemp.SETTING);
    }

    @Test
    void aFreshDataFolderPerTestRemovedAfterwardsWithTheSettingPutBack() throws Exception {
        check(new DataInTemp(), DataInTemp.SETTING);
    }

    private static void check(FolderSettingInTemp ext, String setting) throws Exception {
        String was = System.getProperty(setting);
        System.setProperty(setting, "/somewhere/else");
        try {
            assertThrows(IllegalStateException.class, ext::dir);
            ext.beforeEach(null);
            Path dir = ext.dir();
            assertEquals(dir.toString(), System.getProperty(setting));
            assertTrue(Files.isDirectory(dir));
            try (var list = Files.list(dir)) {
                assertEquals(0, list.count());
            }
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("corpus.bin"), "tokens");
            ext.afterEach(null);
            assertFalse(Files.exists(dir));
            assertEquals("/somewhere/else", System.getProperty(setting));

            System.clearProperty(setting);
            ext.beforeEach(null);
            ext.afterEach(null);
            assertNull(System.getProperty(setting));
        } finally {
            if (was == null) System.clearProperty(setting);
            else System.setProperty(setting, was);
        }
    }
}
