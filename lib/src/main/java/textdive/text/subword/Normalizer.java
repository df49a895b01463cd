package textdive.text.subword;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        int pos = 0, n = in.length;
        byte[] one = new byte[8];
        if (n == 0) return new byte[0];
        if (spec.removeExtraWhitespaces()) {
            while (pos < n) {
                long p = normalizePrefix(in, pos, n);
                byte[] rep = prefixBytes(in, pos, p);
                if (!(rep.length == 1 && rep[0] == ' ')) break;
                pos += consumed(p);
            }
        }
        if (pos >= n) return new byte[0];
        byte[] space = treatWhitespaceAsSuffix || !spec.escapeWhitespaces() ? new byte[]{' '} : SPACE_BYTES;
        if (!treatWhitespaceAsSuffix && spec.addDummyPrefix()) out.writeBytes(space);
        boolean prevSpace = spec.removeExtraWhitespaces();
        while (pos < n) {
            long p = normalizePrefix(in, pos, n);
            byte[] sp = prefixBytes(in, pos, p);
            int start = 0;
            if (prevSpace) while (start < sp.length && sp[start] == ' ') start++;
            if (start < sp.length) {
                for (int k = start; k < sp.length; k++) {
                    if (spec.escapeWhitespaces() && sp[k] == ' ') out.writeBytes(SPACE_BYTES);
                    else out.write(sp[k]);
                }
                prevSpace = sp[sp.length - 1] == ' ';
            }
            pos += consumed(p);
            if (!spec.removeExtraWhitespaces()) prevSpace = false;
        }
        byte[] result = out.toByteArray();
        int len = result.length;
        if (spec.removeExtraWhitespaces()) {
            byte[] sp = spec.escapeWhitespaces() ? SPACE_BYTES : new byte[]{' '};
            while (endsWith(result, len, sp)) len -= sp.length;
        }
        ByteArrayOutputStream fin = new ByteArrayOutputStream(len + 3);
        fin.write(result, 0, len);
        if (treatWhitespaceAsSuffix && spec.addDummyPrefix()) fin.writeBytes(space);
        return fin.toByteArray();
    }

    private static boolean endsWith(byte[] b, int len, byte[] suffix) {
        if (len < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) if (b[len - suffix.length + i] != suffix[i]) return false;
        return true;
    }

    // A prefix is encoded as (kind << 62) | (consumed << 32) | offset; kind 0 = copy input bytes,
    // 1 = charsmap replacement at offset, 2 = U+FFFD for a malformed byte.
    private static int consumed(long p) {
        return (int) ((p >>> 32) & 0x3fffffff);
    }

    private byte[] prefixBytes(byte[] in, int pos, long p) {
        int kind = (int) (p >>> 62);
        int len = consumed(p);
        if (kind == 1) return charsMap.replacement((int) p);
        if (kind == 2) return REPLACEMENT_CHAR;
        byte[] b = new byte[len];
        System.arraycopy(in, pos, b, 0, len);
        return b;
    }

    /** The normalized form of the text's next unit: a user-defined symbol, the longest charsmap rule, or one character. */
    private long normalizePrefix(byte[] in, int pos, int n) {
        int udl = userDefined.match(in, pos, n);
        if (udl > 0) return ((long) udl << 32);
        if (charsMap != null) {
            long m = charsMap.match(in, pos, n);
            if (m >= 0) return (1L << 62) | m;
        }
        int len = Utf8.validCharLength(in, pos, n);
        if (len == 0) return (2L << 62) | (1L << 32);
        return (long) len << 32;
    }
}
