package textdive.course;

/**
 * Reads a textdive setting the same way everywhere: the system property first (handy in a notebook
 * or a test), then the environment variable; blank counts as unset.
 */
public final class Settings {
    private Settings() {}

    /** The trimmed value, or null when neither the property nor the variable is set. */
    public static String get(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
