package textdive.text;

/**
 * spaCy's English prefix, suffix and infix rules written as character scans instead of
 * regular expressions: each answers in a few comparisons, with the regexes' exact semantics
 * (alternation order for prefixes and infixes, leftmost-longest for suffixes, look-arounds that
 * never see past the current substring).
 */
final class EnglishPunctuation {
    private EnglishPunctuation() {}

    private static final String PUNCT = "\u2026,:;!?\u00bf\u061f\u00a1()[]{}<>_#*&\u3002\uff1f\uff01\uff0c\u3001\uff1b\uff1a\uff5e\u00b7\u0964\u060c\u06d4\u061b\u066a";
    private static final String QUOTES = "'\"\u201d\u201c`\u2018\u00b4\u2019\u201a,\u201e\u00bb\u00ab\u300c\u300d\u300e\u300f\uff08\uff09\u3014\u3015\u3010\u3011\u300a\u300b\u3008\u3009";
    private static final String CURRENCY = "$\u00a3\u20ac\u00a5\u0e3f\u20bd\ufdfc\u20b4";
    private static final String PREFIX_ONLY = "\u00a7%=\u2014\u2013";
    private static final String[] HYPHENS = {"-", "\u2013", "\u2014", "--", "---", "\u2014\u2014", "~"};
    /** Characters after which a final '.' is split off (digits and lowercase letters are tested apart). */
    private static final String BEFORE_DOT = "%\u00b2-+|(?:)" + PUNCT + QUOTES;
    private static final String[] UNITS = ("km km\u00b2 km\u00b3 m m\u00b2 m\u00b3 dm dm\u00b2 dm\u00b3 cm cm\u00b2 cm\u00b3 mm mm\u00b2 mm\u00b3 ha \u00b5m nm yd in ft "
            + "kg g mg \u00b5g t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % "
            + "\u043a\u043c \u043a\u043c\u00b2 \u043a\u043c\u00b3 \u043c \u043c\u00b2 \u043c\u00b3 \u0434\u043c \u0434\u043c\u00b2 \u0434\u043c\u00b3 \u0441\u043c \u0441\u043c\u00b2 \u0441\u043c\u00b3 \u043c\u043c \u043c\u043c\u00b2 \u043c\u043c\u00b3 \u043d\u043c "
            + "\u043a\u0433 \u0433 \u043c\u0433 \u043c/\u0441 \u043a\u043c/\u0447 \u043a\u041f\u0430 \u041f\u0430 \u043c\u0431\u0430\u0440 \u041a\u0431 \u041a\u0411 \u043a\u0431 \u041c\u0431 \u041c\u0411 \u043c\u0431 \u0413\u0431 \u0413\u0411 \u0433\u0431 \u0422\u0431 \u0422\u0411 "
            // spaCy's list has no space between its last Cyrillic and first Arabic unit: "тбكم" is one unit, "тб" none
            + "\u0442\u0431\u0643\u0645 \u0643\u0645\u00b2 \u0643\u0645\u00b3 \u0645 \u0645\u00b2 \u0645\u00b3 \u0633\u0645 \u0633\u0645\u00b2 \u0633\u0645\u00b3 \u0645\u0645 \u0645\u0645\u00b2 \u0645\u0645\u00b3 "
            + "\u0643\u0645 \u063a\u0631\u0627\u0645 \u062c\u0631\u0627\u0645 \u062c\u0645 \u0643\u063a \u0645\u0644\u063a \u0643\u0648\u0628 \u0627\u0643\u0648\u0627\u0628").split(" ");

    /** spaCy 2's ALPHA (see SpacyLetters: its tables, not Unicode's letters). */
    static boolean isAlpha(int c) {
        return SpacyLetters.isAlpha(c);
    }

    /** spaCy 2's ALPHA_LOWER: lowercase letters, and the scripts without case. */
    static boolean isAlphaLower(int c) {
        return SpacyLetters.isLower(c);
    }

    /** spaCy 2's ALPHA_UPPER: uppercase letters, and the scripts without case. */
    static boolean isAlphaUpper(int c) {
        return SpacyLetters.isUpper(c);
    }

    static boolean isIcon(int c) {
        return c > 0x7f && Character.getType(c) == Character.OTHER_SYMBOL;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean in(String set, int c) {
        return c < 0x10000 && set.indexOf(c) >= 0;
    }

    /** Length (in chars) of the prefix to split off {@code s[b, e)}, or 0. */
    static int prefix(String s, int b, int e) {
        int c = s.codePointAt(b);
        if (c == '+') return (b + 1 < e && isDigit(s.charAt(b + 1))) ? 0 : 1;
        if (c == '.') {
            int j = b;
            while (j < e && s.charAt(j) == '.') j++;
            return j - b >= 2 ? j - b : 0;
        }
        if (in(PREFIX_ONLY, c) || in(PUNCT, c) || in(QUOTES, c) || in(CURRENCY, c)) return 1;
        if (c == 'U' && s.startsWith("US$", b) && b + 3 <= e) return 3;
        if ((c == 'C' || c == 'A') && b + 2 <= e && s.charAt(b + 1) == '$') return 2;
        if (isIcon(c)) return Character.charCount(c);
        return 0;
    }

    /** Length (in chars) of the longest suffix to split off {@code s[b, e)}, or 0. */
    static int suffix(String s, int b, int e) {
        int best = 0;
        int c = s.codePointBefore(e);
        int w = Character.charCount(c);
        if (in(PUNCT, c) || in(QUOTES, c) || c == '\u2014' || c == '\u2013' || isIcon(c)) best = w;
        if (e - b >= 2 && s.startsWith("\u2026\u2026", e - 2)) best = Math.max(best, 2);
        if (c == '.') {
            int j = e;
            while (j > b && s.charAt(j - 1) == '.') j--;
            if (e - j >= 2) best = Math.max(best, e - j);
        }
        if (e - b >= 2 && (s.charAt(e - 1) == 's' || s.charAt(e - 1) == 'S')) {
            char q = s.charAt(e - 2);
            if (q == '\'' || q == '\u2019') best = Math.max(best, 2);
        }
        int before = e - w > b ? s.codePointBefore(e - w) : -1;
        if (c == '+' && isDigit(before)) best = Math.max(best, 1);
        if (c == '.' && e - 3 >= b && s.charAt(e - 3) == '\u00b0' && "FfCcKk".indexOf(s.charAt(e - 2)) >= 0) best = Math.max(best, 1);
        if (c == '.' && before >= 0 && (isDigit(before) || isAlphaLower(before) || in(BEFORE_DOT, before))) best = Math.max(best, 1);
        // two capitals then '.': the second look-behind character may be a surrogate pair, or missing
        int before2 = before >= 0 && e - w - Character.charCount(before) > b ? s.codePointBefore(e - w - Character.charCount(before)) : -1;
        if (c == '.' && isAlphaUpper(before) && isAlphaUpper(before2)) best = Math.max(best, 1);
        // currency and units right after a number: "10km", "5$", "3US$"
        if (best < e - b) {
            for (String cur : new String[] {"US$", "C$", "A$"}) best = afterDigit(s, b, e, cur, best);
            if (in(CURRENCY, c)) best = afterDigit(s, b, e, String.valueOf((char) c), best);
            for (String u : UNITS) best = afterDigit(s, b, e, u, best);
        }
        return best;
    }

    private static int afterDigit(String s, int b, int e, String end, int best) {
        int n = end.length();
        if (n > best && e - n - 1 >= b && s.startsWith(end, e - n) && isDigit(s.charAt(e - n - 1))) return n;
        return best;
    }

    /**
     * The infix matches in {@code s[b, e)} as {start, end} pairs (absolute indices), found left to
     * right without overlap like {@code re.finditer}. Returns the number of pairs written to out.
     */
    static int infixes(String s, int b, int e, int[] out) {
        int n = 0, i = b;
        while (i < e) {
            int len = infixAt(s, b, e, i);
            if (len > 0) {
                if (n * 2 + 1 >= out.length) return -1; // caller retries with a bigger array
                out[n * 2] = i;
                out[n * 2 + 1] = i + len;
                n++;
                i += len;
            } else {
                i++;
            }
        }
        return n;
    }

    private static int infixAt(String s, int b, int e, int i) {
        char ch = s.charAt(i);
        if (ch == '.' && i + 1 < e && s.charAt(i + 1) == '.') {
            int j = i;
            while (j < e && s.charAt(j) == '.') j++;
            return j - i;
        }
        if (ch == '\u2026') return 1;
        if (ch > 0x7f) {
            int c = s.codePointAt(i);
            if (isIcon(c)) return Character.charCount(c);
        }
        int prev = i > b ? s.codePointBefore(i) : -1;
        if (prev < 0) return 0;
        if ((ch == '+' || ch == '-' || ch == '*' || ch == '^') && isDigit(prev) && i + 1 < e
                && (isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '-')) return 1;
        if (ch == '.' && (isAlphaLower(prev) || in(QUOTES, prev)) && i + 1 < e) {
            int next = s.codePointAt(i + 1);
            if (isAlphaUpper(next) || in(QUOTES, next)) return 1;
        }
        if (ch == ',' && isAlpha(prev) && i + 1 < e && isAlpha(s.codePointAt(i + 1))) return 1;
        // a hyphen between letters only: spaCy 2 keeps "20-odd" and "90-minute" whole (spaCy 3 cuts them, explosion/spaCy#5770)
        if (isAlpha(prev)) {
            for (String h : HYPHENS) {
                int k = i + h.length();
                if (k < e && s.startsWith(h, i) && isAlpha(s.codePointAt(k))) return h.length();
            }
        }
        if (isAlpha(prev) || isDigit(prev)) {
            if ((ch == ':' || ch == '<' || ch == '>' || ch == '=' || ch == '/') && i + 1 < e && isAlpha(s.codePointAt(i + 1))) return 1;
        }
        return 0;
    }
}
