package textdive.text;

/** Character tests that match Python's definitions, so that rules behave as fastai's do. */
final class Chars {
    private Chars() {}

    /** Python's {@code str.isspace()} (also what {@code \s} means in Python's {@code re}). */
    static boolean isSpace(int c) {
        if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /** Python's {@code str.strip()}: removes leading and trailing whitespace. */
    static String strip(String s) {
        int b = 0, e = s.length();
        while (b < e && isSpace(s.charAt(b))) b++;
        while (e > b && isSpace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }
}
