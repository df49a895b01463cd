package textdive.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding that repairs instead of failing: each invalid sequence becomes U+FFFD and is counted. */
public final class Utf8 {
    private Utf8() {}

    /** The decoded text and how many invalid byte sequences were replaced. */
    public record Decoded(String text, int invalid) {}

    public static Decoded decode(byte[] bytes) {
        // fast path: the JDK's intrinsic decoder; only text that then shows U+FFFD needs counting
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) return new Decoded(stripBom(fast), 0);
        return decode(bytes, 0, StandardCharsets.UTF_8);
    }

    /**
     * {@code bytes} from {@code from} on in {@code cs}, each invalid sequence replaced by U+FFFD and counted, a leading
     * byte-order mark dropped. UTF-16 documents ({@link Documents}) are decoded the same way.
     */
    static Decoded decode(byte[] bytes, int from, Charset cs) {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length - from + 1);
        int invalid = 0;
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) break;
            if (r.isError()) {
                invalid++;
                out.put('\uFFFD');
                in.position(in.position() + r.length());
            } else if (r.isOverflow()) { // not for UTF-8 or UTF-16 (at most one char a byte, plus room); grow anyway
                out = CharBuffer.allocate(out.capacity() * 2).put(out.flip());
            }
        }
        dec.flush(out);
        out.flip();
        return new Decoded(stripBom(out.toString()), invalid);
    }

    private static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }
}
