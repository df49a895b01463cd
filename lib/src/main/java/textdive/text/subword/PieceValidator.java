package textdive.text.subword;

/**
 * Which strings may become vocabulary pieces, by SentencePiece's rules: at most
 * {@code max_sentencepiece_length} characters, {@code ▁} only at the start (words are never joined),
 * one Unicode script per piece (Han, Hiragana and Katakana count as one), no unknown marker.
 */
final class PieceValidator {
    /** Stands for a character cut by the coverage limit during training. */
    static final int UNK_CHAR = 0x2585;
    static final int WS = 0x2581;

    private final int maxLength;
    private final boolean splitByScript, splitByNumber, splitDigits, splitByWhitespace, suffix;

    PieceValidator(TrainerSpec spec) {
        maxLength = spec.maxSentencePieceLength();
        splitByScript = spec.splitByUnicodeScript();
        splitByNumber = spec.splitByNumber();
        splitDigits = spec.splitDigits();
        splitByWhitespace = spec.splitByWhitespace();
        suffix = spec.treatWhitespaceAsSuffix();
    }

    /** Script class of a code point: -1 = fits any script. */
    static int script(int c) {
        if (c == 0x30FC) return Character.UnicodeScript.HAN.ordinal();
        Character.UnicodeScript s;
        try {
            s = Character.UnicodeScript.of(c);
        } catch (IllegalArgumentException e) {
            return Character.UnicodeScript.UNKNOWN.ordinal();
        }
        if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA)
            s = Character.UnicodeScript.HAN;
        return s.ordinal();
    }

    boolean isValid(int[] cps, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > maxLength) return false;
        int prev = -1;
        for (int pos = 0; pos < len; pos++) {
            int c = cps[from + pos];
            if (c == UNK_CHAR || c == 0 || c == 0x3000 || c == '\t') return false;
            if (c == WS) {
                if (suffix) {
                    if ((splitByWhitespace && pos < len - 1) || (!splitByWhitespace && pos < len - 1 && pos == 0)) return false;
                } else {
                    if ((splitByWhitespace && pos > 0) || (!splitByWhitespace && pos > 0 && pos == len - 1)) return false;
                }
                continue;
            }
            boolean digit = c >= '0' && c <= '9';
            int s = script(c);
            if (!splitByNumber && digit) s = -1;
            if (splitDigits && digit && len > 1) return false;
            if (splitByScript && s != -1 && prev != -1 && prev != s) return false;
            prev = s;
        }
        return true;
    }
}
