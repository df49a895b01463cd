package textdive.text.subword;

/** UTF-8 byte helpers that follow SentencePiece's decoder (a malformed byte counts as one). */
final class Utf8 {
    private Utf8() {}

    /** Length of the character at {@code i} judged by its lead byte alone, at least 1. */
    static int charLength(byte lead) {
        int b = lead & 0xff;
        if (b < 0x80) return 1;
        if (b < 0xC0) return 1;
        if (b < 0xE0) return 2;
        if (b < 0xF0) return 3;
        return 4;
    }

    /** Length of a well-formed character at {@code i}, or 0 if malformed. */
    static int validCharLength(byte[] s, int i, int n) {
        int b0 = s[i] & 0xff;
        if (b0 < 0x80) return 1;
        int len, min;
        int cp;
        if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1f; min = 0x80; }
        else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0f; min = 0x800; }
        else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; min = 0x10000; }
        else return 0;
        if (i + len > n) return 0;
        for (int k = 1; k < len; k++) {
            int b = s[i + k] & 0xff;
            if ((b & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (b & 0x3f);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        return len;
    }
}
