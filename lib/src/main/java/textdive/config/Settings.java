package textdive.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Every textdive setting, read in one place: the system property first (handy in a notebook or a
 * test), then the environment variable; blank counts as unset. A folder setting may start with {@code ~/}. Read on every call, so a property
 * set in a notebook takes effect at once. README.md's settings table lists the same names.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>method</th><th>property</th><th>variable</th><th>default</th></tr>
 *   <tr><td>{@link #scale()}</td><td>textdive.scale</td><td>TEXTDIVE_SCALE</td><td>unset (the course's {@code Scale} picks cpu)</td></tr>
 *   <tr><td>{@link #dataDir()}</td><td>textdive.data</td><td>TEXTDIVE_DATA</td><td>{@code ~/.textdive/data}</td></tr>
 *   <tr><td>{@link #mirror()}</td><td>textdive.mirror</td><td>TEXTDIVE_MIRROR</td><td>none</td></tr>
 *   <tr><td>{@link #offline()}</td><td>textdive.offline</td><td>TEXTDIVE_OFFLINE</td><td>false</td></tr>
 *   <tr><td>{@link #tokenCache()}</td><td>textdive.cache</td><td>TEXTDIVE_CACHE</td><td>{@code ~/.cache/textdive}</td></tr>
 *   <tr><td>{@link #threads()}</td><td>textdive.threads</td><td>TEXTDIVE_THREADS</td><td>all cores</td></tr>
 *   <tr><td>{@link #grappler()}</td><td>textdive.grappler</td><td>TEXTDIVE_GRAPPLER</td><td>false</td></tr>
 * </table>
 */
public final class Settings {
    private Settings() {}

    /** The trimmed value of a setting, or null when neither the property nor the variable is set. */
    public static String get(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** How much a notebook computes ({@code ci}, {@code cpu}, {@code full}), as written; null when unset. */
    public static String scale() {
        return get("textdive.scale", "TEXTDIVE_SCALE");
    }

    /** The dataset cache. */
    public static Path dataDir() {
        Path p = path("textdive.data", "TEXTDIVE_DATA");
        return p != null ? p : Path.of(System.getProperty("user.home"), ".textdive", "data");
    }

    /** The offline dataset mirror, consulted before any download, and never written to. */
    public static Optional<Path> mirror() {
        return Optional.ofNullable(path("textdive.mirror", "TEXTDIVE_MIRROR"));
    }

    /**
     * A folder setting, with a leading {@code ~} or {@code ~/} read as the home folder: no shell expands it in
     * {@code -Dtextdive.data=~/data} or a notebook's {@code System.setProperty}, and a cache silently made in a folder
     * named {@code ~} under the working directory would download everything again. A value that is no path names the
     * setting.
     */
    static Path path(String property, String env) {
        String v = get(property, env);
        if (v == null) return null;
        String home = System.getProperty("user.home");
        String expanded = v.equals("~") ? home : v.startsWith("~/") ? home + v.substring(1) : v;
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(env + " (or -D" + property + ") is not a path: '" + v + "' (" + e.getReason() + ")");
        }
    }

    /** True: never download. */
    public static boolean offline() {
        return flag("textdive.offline", "TEXTDIVE_OFFLINE");
    }

    /** Where tokenized corpora go when they cannot be stored beside their source (read-only folders, the mirror). */
    public static Path tokenCache() {
        Path p = path("textdive.cache", "TEXTDIVE_CACHE");
        return p != null ? p : Path.of(System.getProperty("user.home"), ".cache", "textdive");
    }

    /** The most {@link #threads()} accepts: TensorFlow would try to start that many threads per pool. */
    static final int MAX_THREADS = 1024;

    /**
     * TensorFlow's intra- and inter-op thread count, 1 to {@value #MAX_THREADS}: a huge count such as 2147483647 (a
     * typo, or a value meant for something else) would otherwise be handed unchecked to TensorFlow's native thread pools.
     */
    public static int threads() {
        String v = get("textdive.threads", "TEXTDIVE_THREADS");
        if (v == null) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_THREADS) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TEXTDIVE_THREADS (or -Dtextdive.threads) must be a whole number from 1 to "
                    + MAX_THREADS + ", not '" + v + "'");
        }
    }

    /** Whether TensorFlow's grappler rewrites graphs (it dominates the first step and rarely helps here). */
    public static boolean grappler() {
        return flag("textdive.grappler", "TEXTDIVE_GRAPPLER");
    }

    /** {@code 1}/{@code true}/{@code yes} or {@code 0}/{@code false}/{@code no}; anything else is an error naming the setting. */
    static boolean flag(String property, String env) {
        String v = get(property, env);
        if (v == null) return false;
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> {
                return true;
            }
            case "0", "false", "no", "off" -> {
                return false;
            }
            default -> throw new IllegalArgumentException(env + " (or -D" + property + ") must be 1 or 0 (true/false, yes/no), not '" + v + "'");
        }
    }
}
