package textdive.datasets;

import textdive.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where datasets go and come from, as {@link Settings} reads them (a system property first, then an
 * environment variable):
 * <ul>
 *   <li>cache folder: {@code textdive.data} / {@code TEXTDIVE_DATA}, default {@code ~/.textdive/data};</li>
 *   <li>offline mirror, consulted before any download: {@code textdive.mirror} / {@code TEXTDIVE_MIRROR}
 *       (a folder laid out like {@code shared/datasets});</li>
 *   <li>offline switch, no downloads at all: {@code textdive.offline} / {@code TEXTDIVE_OFFLINE} = {@code 1}.</li>
 * </ul>
 */
public record DataSettings(Path cacheDir, Optional<Path> mirror, boolean offline) {

    public DataSettings {
        cacheDir = cacheDir.toAbsolutePath().normalize();
        mirror = mirror.map(p -> p.toAbsolutePath().normalize());
    }

    /** The settings of this process (read on every call, so a changed property takes effect). */
    public static DataSettings fromEnvironment() {
        return new DataSettings(Settings.dataDir(), Settings.mirror(), Settings.offline());
    }

    public DataSettings withCacheDir(Path dir) {
        return new DataSettings(dir, mirror, offline);
    }

    public DataSettings withMirror(Path dir) {
        return new DataSettings(cacheDir, Optional.ofNullable(dir), offline);
    }

    public DataSettings withOffline(boolean off) {
        return new DataSettings(cacheDir, mirror, off);
    }
}
