package textdive.text;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text document's bytes as text. Documents are UTF-8 (with or without a byte-order mark);
 * a UTF-16 file, recognised by its byte-order mark or, without one, by a NUL in every other byte, is
 * decoded as UTF-16 instead of becoming NUL-filled garbage. Any other NUL byte means the file is
 * probably not text. The {@link Encoding} says which case it was, so that a folder can warn once.
 */
public final class Documents {
    private Documents() {}

    /** What a document's bytes turned out to be. */
    public enum Encoding {
        UTF8,
        /** UTF-16 with a byte-order mark. */
        UTF16_BOM,
        /** UTF-16 without a byte-order mark, recognised by its NUL bytes. */
        UTF16_GUESSED,
        /** UTF-8 with NUL bytes in it: binary, or an encoding we do not recognise. */
        NUL_BYTES
    }

    /** The text, how many invalid byte sequences became U+FFFD, and the encoding. */
    public record Decoded(String text, int invalid, Encoding encoding) {}

    /** The bytes of a document; documents over 1 GB are refused with a clear message. */
    public static byte[] read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE / 2)
            throw new IOException(file + " is " + size + " bytes; documents over 1 GB are not supported (split it first)");
        return Files.readAllBytes(file);
    }

    public static Decoded decode(byte[] b) {
        int n = b.length;
        if (n >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE)
            return utf16(b, 2, StandardCharsets.UTF_16LE, Encoding.UTF16_BOM);
        if (n >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF)
            return utf16(b, 2, StandardCharsets.UTF_16BE, Encoding.UTF16_BOM);
        int nulEven = 0, nulOdd = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                if ((i & 1) == 0) nulEven++;
                else nulOdd++;
            }
        }
        if (nulEven + nulOdd == 0) {
            Utf8.Decoded d = Utf8.decode(b);
            return new Decoded(d.text(), d.invalid(), Encoding.UTF8);
        }
        // Latin text in UTF-16: every character's high byte is 0, so half the bytes are NUL, all on one side.
        // At least 30% of the pairs, counted exactly: rounding down took one stray NUL in a short UTF-8 file for UTF-16
        long half = n / 2;
        if (n % 2 == 0 && nulOdd * 10L >= half * 3 && nulEven <= nulOdd / 20)
            return utf16(b, 0, StandardCharsets.UTF_16LE, Encoding.UTF16_GUESSED);
        if (n % 2 == 0 && nulEven * 10L >= half * 3 && nulOdd <= nulEven / 20)
            return utf16(b, 0, StandardCharsets.UTF_16BE, Encoding.UTF16_GUESSED);
        Utf8.Decoded d = Utf8.decode(b);
        return new Decoded(d.text(), d.invalid(), Encoding.NUL_BYTES);
    }

    private static Decoded utf16(byte[] b, int from, Charset cs, Encoding enc) {
        Utf8.Decoded d = Utf8.decode(b, from, cs);
        return new Decoded(d.text(), d.invalid(), enc);
    }
}
