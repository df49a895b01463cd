package textdive.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Verifies files against the sizes and digests in the registry. fastai publishes size + md5 for its
 * archives; textdive records sha256 wherever the bytes are known. Every stated value must match.
 */
public final class Checksums {
    private Checksums() {}

    /** What a file should be; any field may be null (unknown), but not all of them. */
    public record Expected(Long size, String sha256, String md5) {
        boolean isEmpty() {
            return size == null && sha256 == null && md5 == null;
        }
    }

    /** Lower-case hex sha256 of a file. */
    public static String sha256(Path file) {
        return digest(file, "SHA-256");
    }

    /** Lower-case hex md5 of a file (fastai's checks.txt uses md5). */
    public static String md5(Path file) {
        return digest(file, "MD5");
    }

    /**
     * Throws {@link ChecksumMismatchException} unless {@code file} has every stated size and digest.
     * {@code what} names the file in the message (dataset and origin).
     */
    public static void verify(Path file, Expected expected, String what) {
        if (expected == null || expected.isEmpty()) {
            throw new ChecksumMismatchException(what + ": the registry states no size or checksum, refusing to trust " + file);
        }
        long actualSize;
        try {
            actualSize = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (expected.size() != null && expected.size() != actualSize) {
            throw new ChecksumMismatchException(what + ": expected " + expected.size() + " bytes but " + file
                    + " has " + actualSize);
        }
        check(file, "SHA-256", expected.sha256(), what);
        check(file, "MD5", expected.md5(), what);
    }

    private static void check(Path file, String algorithm, String expected, String what) {
        if (expected == null) return;
        String actual = digest(file, algorithm);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ChecksumMismatchException(what + ": " + algorithm.toLowerCase().replace("-", "") + " of " + file
                    + " is " + actual + ", expected " + expected.toLowerCase());
        }
    }

    private static String digest(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
