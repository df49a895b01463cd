package textdive.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One reader for every setting: property before variable, and a typo is an error that names the setting. */
class SettingsTest {
    @AfterEach
    void clear() {
        for (String p : new String[] {"textdive.offline", "textdive.threads", "textdive.cache", "textdive.grappler", "textdive.data", "textdive.mirror"}) System.clearProperty(p);
    }

    @Test
    void flagsAcceptTheUsualSpellingsAndRefuseTypos() {
        System.setProperty("textdive.offline", "YES");
        assertTrue(Settings.offline());
        System.setProperty("textdive.offline", "0");
        assertFalse(Settings.offline());
        System.setProperty("textdive.grappler", "maybe");
        var e = assertThrows(IllegalArgumentException.class, Settings::grappler);
        assertTrue(e.getMessage().contains("TEXTDIVE_GRAPPLER") && e.getMessage().contains("'maybe'"), e.getMessage());
    }

    @Test
    void threadsMustBeAPositiveInteger() {
        System.setProperty("textdive.threads", "3");
        assertEquals(3, Settings.threads());
        System.setProperty("textdive.threads", "two");
        var e = assertThrows(IllegalArgumentException.class, Settings::threads);
        assertTrue(e.getMessage().contains("TEXTDIVE_THREADS") && e.getMessage().contains("'two'"), e.getMessage());
        System.setProperty("textdive.threads", "0");
        assertThrows(IllegalArgumentException.class, Settings::threads);
    }

    @Test
    void aPropertyWinsAndIsReadOnEveryCall() {
        System.setProperty("textdive.cache", "/tmp/a");
        assertEquals(Path.of("/tmp/a"), Settings.tokenCache());
        System.setProperty("textdive.cache", "  /tmp/b ");
        assertEquals(Path.of("/tmp/b"), Settings.tokenCache());
    }

    @Test
    void threadsHaveAnUpperBound() {
        System.setProperty("textdive.threads", String.valueOf(Settings.MAX_THREADS));
        assertEquals(Settings.MAX_THREADS, Settings.threads());
        System.setProperty("textdive.threads", "2147483647"); // used to be handed to TensorFlow as is
        assertEquals("TEXTDIVE_THREADS (or -Dtextdive.threads) must be a whole number from 1 to 1024, not '2147483647'",
                assertThrows(IllegalArgumentException.class, Settings::threads).getMessage());
    }

    @Test
    void aFolderSettingStartingWithATildeIsUnderTheHomeFolder() {
        String home = System.getProperty("user.home");
        System.setProperty("textdive.data", "~/data"); // used to be ./~/data under the working directory
        assertEquals(Path.of(home, "data"), Settings.dataDir());
        System.setProperty("textdive.mirror", "~");
        assertEquals(Path.of(home), Settings.mirror().orElseThrow());
        System.setProperty("textdive.cache", " ~/c ");
        assertEquals(Path.of(home, "c"), Settings.tokenCache());
        System.setProperty("textdive.data", "~bob/data"); // another user's home is not guessed
        assertEquals(Path.of("~bob/data"), Settings.dataDir());
        System.setProperty("textdive.data", "a\u0000b"); // was an InvalidPathException that did not name the setting
        assertEquals("TEXTDIVE_DATA (or -Dtextdive.data) is not a path: 'a\u0000b' (Nul character not allowed)",
                assertThrows(IllegalArgumentException.class, Settings::dataDir).getMessage());
    }
}
