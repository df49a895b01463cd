package textdive.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A library or driver version, {@code major.minor[.patch]}, ordered. */
record Version(int major, int minor, int patch) implements Comparable<Version> {
    private static final Pattern SO_SUFFIX = Pattern.compile("\\.so\\.(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The version a library's real file name carries: {@code libcudnn.so.9.3.0} is 9.3.0; {@code libcudnn.so.9} has none. */
    static Optional<Version> ofFileName(String name) {
        Matcher m = SO_SUFFIX.matcher(name);
        if (!m.find()) return Optional.empty();
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    boolean atLeast(Version min) {
        return compareTo(min) >= 0;
    }

    @Override
    public int compareTo(Version o) {
        if (major != o.major) return Integer.compare(major, o.major);
        if (minor != o.minor) return Integer.compare(minor, o.minor);
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
