package textdive.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
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
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        int invalid = 0;
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) break;
            if (r.isError()) {
                invalid++;
                out.put('\uFFFD');
                in.position(in.position() + r.length());
            } else if (r.isOverflow()) { // cannot happen: one char per byte at most, plus room
                throw new IllegalStateException("UTF-8 decoding overflow");
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
