package textdive.datasets;

import textdive.course.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where datasets go and come from. Each setting is read from a system property first, then an
 * environment variable:
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
        String data = Settings.get("textdive.data", "TEXTDIVE_DATA");
        Path cache = data != null ? Path.of(data) : Path.of(System.getProperty("user.home"), ".textdive", "data");
        String mirror = Settings.get("textdive.mirror", "TEXTDIVE_MIRROR");
        String offline = Settings.get("textdive.offline", "TEXTDIVE_OFFLINE");
        return new DataSettings(cache, Optional.ofNullable(mirror).map(Path::of), isTrue(offline));
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

    private static boolean isTrue(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }
}
