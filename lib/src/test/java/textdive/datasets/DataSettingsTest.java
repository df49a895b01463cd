package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.MirrorAssumptions;

/** System properties override the environment; the static untarData reads them on every call. */
class DataSettingsTest {
    @TempDir Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("textdive.data");
        System.clearProperty("textdive.mirror");
        System.clearProperty("textdive.offline");
    }

    @Test
    void defaultCacheIsUnderTheHomeFolder() {
        assumeTrue(System.getenv("TEXTDIVE_DATA") == null, "TEXTDIVE_DATA is set: this environment chose another cache");
        assertEquals(Path.of(System.getProperty("user.home"), ".textdive", "data"), DataSettings.fromEnvironment().cacheDir());
    }

    @Test
    void propertiesSetCacheMirrorAndOfflineSwitch() {
        System.setProperty("textdive.data", tmp.resolve("c").toString());
        System.setProperty("textdive.mirror", tmp.resolve("m").toString());
        System.setProperty("textdive.offline", "1");
        DataSettings s = DataSettings.fromEnvironment();
        assertEquals(tmp.resolve("c"), s.cacheDir());
        assertEquals(Optional.of(tmp.resolve("m")), s.mirror());
        assertTrue(s.offline());
        System.setProperty("textdive.offline", "no");
        assertFalse(DataSettings.fromEnvironment().offline());
    }

    @Test
    void staticUntarDataUsesTheSettingsAndForceRebuildsReadOnlyCopies() throws Exception {
        Path mirror = MirrorAssumptions.mirror();
        System.setProperty("textdive.data", tmp.resolve("cache").toString());
        System.setProperty("textdive.mirror", mirror.toString());
        System.setProperty("textdive.offline", "true");
        UntarData.setProgress(Progress.none());
        try {
            Path p = UntarData.untarData(URLs.IMDB_SAMPLE);
            assertEquals(tmp.resolve("cache/imdb_sample"), p);
            assertTrue(Files.isRegularFile(p.resolve("texts.csv")));
            Path again = UntarData.untarData(URLs.IMDB_SAMPLE, true);
            assertEquals(1427008, Files.size(again.resolve("texts.csv")));
            assertEquals(p, UntarData.untarData("IMDB_SAMPLE"), "a registry name works too");
        } finally {
            UntarData.setProgress(TextProgress.toStderr());
        }
    }
}
