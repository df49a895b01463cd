package textdive.text.subword;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Turns raw text into the string a subword model segments, exactly as SentencePiece does: the
 * charsmap rules (longest match first), user-defined symbols left untouched, leading, trailing
 * and repeated spaces removed, a dummy space in front so a word looks the same at the start of a
 * text as in its middle, and spaces shown as {@code ▁}. Works on UTF-8 bytes like the C++ code, so
 * the result matches byte for byte.
 */
public final class Normalizer {
    public static final String SPACE = "\u2581";
    private static final byte[] SPACE_BYTES = SPACE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] REPLACEMENT_CHAR = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final NormalizerSpec spec;
    private final CharsMap charsMap;
    private final boolean treatWhitespaceAsSuffix;
    private final PrefixMatcher userDefined;

    public Normalizer(NormalizerSpec spec, boolean treatWhitespaceAsSuffix, Collection<String> userDefinedSymbols) {
        this.spec = spec;
        this.charsMap = CharsMap.decode(spec.precompiledCharsmap());
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
        this.userDefined = new PrefixMatcher(userDefinedSymbols);
    }

    public NormalizerSpec spec() {
        return spec;
    }

    public String normalize(String text) {
        return new String(normalize(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    byte[] normalize(byte[] in) {
        int n = in.length;
        if (n == 0) return new byte[0];
        Buf out = new Buf(n + 16);
        Unit u = new Unit();
        int pos = 0;
        if (spec.removeExtraWhitespaces()) {
            while (pos < n) {
                next(in, pos, n, u);
                if (!(u.len == 1 && u.src[u.off] == ' ')) break;
                pos += u.consumed;
            }
        }
        if (pos >= n) return new byte[0];
        byte[] space = spec.escapeWhitespaces() ? SPACE_BYTES : new byte[]{' '};
        if (!treatWhitespaceAsSuffix && spec.addDummyPrefix()) out.write(space, 0, space.length);
        boolean prevSpace = spec.removeExtraWhitespaces();
        while (pos < n) {
            next(in, pos, n, u);
            int start = u.off, end = u.off + u.len;
            if (prevSpace) while (start < end && u.src[start] == ' ') start++;
            if (start < end) {
                for (int k = start; k < end; k++) {
                    if (spec.escapeWhitespaces() && u.src[k] == ' ') out.write(SPACE_BYTES, 0, SPACE_BYTES.length);
                    else out.write(u.src[k]);
                }
                prevSpace = u.src[end - 1] == ' ';
            }
            pos += u.consumed;
            if (!spec.removeExtraWhitespaces()) prevSpace = false;
        }
        if (spec.removeExtraWhitespaces()) {
            byte[] sp = spec.escapeWhitespaces() ? SPACE_BYTES : new byte[]{' '};
            while (endsWith(out.b, out.n, sp)) out.n -= sp.length;
        }
        if (treatWhitespaceAsSuffix && spec.addDummyPrefix()) out.write(space, 0, space.length);
        return Arrays.copyOf(out.b, out.n);
    }

    private static final class Buf {
        byte[] b;
        int n;

        Buf(int cap) { b = new byte[cap]; }

        void write(int x) {
            if (n == b.length) b = Arrays.copyOf(b, b.length * 2);
            b[n++] = (byte) x;
        }

        void write(byte[] src, int off, int len) {
            if (n + len > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + len));
            System.arraycopy(src, off, b, n, len);
            n += len;
        }
    }

    /** The normalized bytes of the next input unit: {@code src[off, off+len)}, replacing {@code consumed} input bytes. */
    private static final class Unit {
        byte[] src;
        int off, len, consumed;
    }

    private static boolean endsWith(byte[] b, int len, byte[] suffix) {
        if (len < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) if (b[len - suffix.length + i] != suffix[i]) return false;
        return true;
    }

    /** A user-defined symbol as is, else the longest charsmap rule, else one character (U+FFFD for a malformed byte). */
    private void next(byte[] in, int pos, int n, Unit u) {
        int udl = userDefined.match(in, pos, n);
        if (udl > 0) { u.src = in; u.off = pos; u.len = udl; u.consumed = udl; return; }
        if (charsMap != null) {
            long m = charsMap.match(in, pos, n);
            if (m >= 0) {
                u.src = charsMap.strings();
                u.off = (int) m;
                u.len = charsMap.replacementLength((int) m);
                u.consumed = (int) (m >>> 32);
                return;
            }
        }
        int len = Utf8.validCharLength(in, pos, n);
        if (len == 0) { u.src = REPLACEMENT_CHAR; u.off = 0; u.len = 3; u.consumed = 1; return; }
        u.src = in; u.off = pos; u.len = len; u.consumed = len;
    }
}
