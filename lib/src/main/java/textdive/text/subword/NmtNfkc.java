package textdive.text.subword;

import java.text.Normalizer.Form;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles SentencePiece's default normalization, {@code nmt_nfkc}, from the JDK's Unicode tables:
 * NFKC for every code point (and for every canonical decomposition, so decomposed accents compose),
 * then the NMT rules: control characters are dropped and the various spaces and line breaks become
 * ' '. Models trained by textdive carry this table, so {@code spm_encode} normalizes exactly as
 * textdive does.
 */
final class NmtNfkc {
    private NmtNfkc() {}

    private static volatile byte[] cached;

    static byte[] charsmap() {
        byte[] c = cached;
        if (c == null) cached = c = CharsMap.compile(rules());
        return c.clone();
    }

    /** What the NMT rules make of one code point, or null if they leave it alone. */
    static String nmt(int cp) {
        // SentencePiece keeps these two as they are: the zero-width joiner (it shapes emoji and
        // Indic scripts) and the full-width tilde (NFKC would make it '~').
        if (cp == 0x200D || cp == 0xFF5E) return new String(Character.toChars(cp));
        if ((cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || cp == 0x8F || cp == 0x9F) return "";
        if (cp == 0x09 || cp == 0x0A || cp == 0x0C || cp == 0x0D || cp == 0x1680 || (cp >= 0x200B && cp <= 0x200F && cp != 0x200D)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x2581 || cp == 0xFEFF || cp == 0xFFFD) return " ";
        return null;
    }

    private static String applyNmt(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String r = nmt(cp);
            b.append(r != null ? r : new String(Character.toChars(cp)));
        });
        return b.toString();
    }

    static Map<String, String> rules() {
        Map<String, String> rules = new HashMap<>();
        for (int cp = 1; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            if (!Character.isDefined(cp)) continue;
            String s = new String(Character.toChars(cp));
            String nmt = nmt(cp);
            if (nmt == null && java.text.Normalizer.isNormalized(s, Form.NFKC)
                    && java.text.Normalizer.isNormalized(s, Form.NFD)) continue;  // the common, fast case
            String out = nmt != null ? nmt : applyNmt(java.text.Normalizer.normalize(s, Form.NFKC));
            if (!out.equals(s)) rules.put(s, out);
            String nfd = java.text.Normalizer.normalize(s, Form.NFD);
            if (nfd.codePointCount(0, nfd.length()) > 1) {
                String composed = applyNmt(java.text.Normalizer.normalize(nfd, Form.NFKC));
                if (!composed.equals(nfd)) rules.putIfAbsent(nfd, composed);
            }
        }
        return rules;
    }
}
