package textdive.course;

import java.util.regex.Pattern;

/**
 * Makes recorded and fresh outputs comparable: only durations, memory figures and wall-clock
 * timestamps may differ between runs ({@code 00:02}, {@code 1:02:03}, {@code 1.23 s}, {@code 12 ms},
 * {@code 345 MB}, {@code 2026-11-30T06:41:07.284960272Z}). Everything else, every digit of every
 * metric, must match exactly.
 */
final class OutputNormalizer {
    private OutputNormalizer() {}

    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern CLOCK = Pattern.compile("\\b\\d{1,2}(?::\\d{2}){1,2}\\b");
    private static final Pattern DURATION = Pattern.compile(
            "\\b\\d+(?:[.,]\\d+)?\\s?(?:ns|µs|us|ms|s|sec|secs|seconds|min|mins|minutes|h|hours)\\b");
    private static final Pattern MEMORY = Pattern.compile(
            "\\b\\d+(?:[.,]\\d+)?\\s?(?:B|bytes|kB|KB|KiB|MB|MiB|GB|GiB|TB|TiB)\\b");

    static String normalize(String text) {
        String s = TIMESTAMP.matcher(text).replaceAll("<timestamp>");
        s = CLOCK.matcher(s).replaceAll("<time>");
        s = DURATION.matcher(s).replaceAll("<duration>");
        return MEMORY.matcher(s).replaceAll("<memory>");
    }
}
