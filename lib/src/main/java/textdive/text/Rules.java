package textdive.text;

import static textdive.text.SpecialTokens.BOS;
import static textdive.text.SpecialTokens.EOS;
import static textdive.text.SpecialTokens.TK_MAJ;
import static textdive.text.SpecialTokens.TK_REP;
import static textdive.text.SpecialTokens.TK_UP;
import static textdive.text.SpecialTokens.TK_WREP;
import static textdive.text.SpecialTokens.UNK;

import java.util.List;
import java.util.Locale;

/**
 * fastai's text preprocessing rules, one small function each, with the book's names and behaviour.
 * They turn information that lowercasing and tokenizing would lose (capitals, repetitions, HTML
 * debris) into special tokens the model can learn from. Most are single scans over the text rather
 * than regular expressions, because they run on every character of the corpus.
 */
public final class Rules {
    private Rules() {}

    /** The default rules in the book's order (fastai's {@code defaults.text_proc_rules}). */
    public static List<Rule> defaults() {
        return List.of(
                Rule.of("fixHtml", Rules::fixHtml),
                Rule.of("replaceRep", Rules::replaceRep),
                Rule.of("replaceWrep", Rules::replaceWrep),
                Rule.of("specAddSpaces", Rules::specAddSpaces),
                Rule.of("rmUselessSpaces", Rules::rmUselessSpaces),
                Rule.of("replaceAllCaps", Rules::replaceAllCaps),
                Rule.of("replaceMaj", Rules::replaceMaj),
                Rule.of("lowercase", Rules::lowercase));
    }

    /** Applies {@code rules} in order. */
    public static String apply(List<? extends Rule> rules, String text) {
        for (Rule r : rules) text = r.apply(text);
        return text;
    }

    /** Repairs HTML debris seen in scraped corpora ({@code <br />}, {@code &amp;}, {@code \\n}...), then decodes HTML entities. */
    public static String fixHtml(String x) {
        // one scan to learn which replacements can apply: each needs one of these characters
        boolean semi = false, backslash = false, lt = false, at = false;
        for (int i = 0, n = x.length(); i < n; i++) {
            char c = x.charAt(i);
            if (c == ';') semi = true;
            else if (c == '\\') backslash = true;
            else if (c == '<') lt = true;
            else if (c == '@') at = true;
        }
        if (semi) x = x.replace("#39;", "'").replace("amp;", "&").replace("#146;", "'").replace("nbsp;", " ").replace("#36;", "$");
        if (backslash) x = x.replace("\\n", "\n");
        if (semi) x = x.replace("quot;", "'");
        if (lt) x = x.replace("<br />", "\n");
        if (backslash) x = x.replace("\\\"", "\"");
        if (lt) x = x.replace("<unk>", UNK);
        if (at) x = x.replace(" @.@ ", ".").replace(" @-@ ", "-");
        x = x.replace("...", " \u2026");
        return HtmlEntities.unescape(x);
    }

    /** Character repetitions: {@code cccc} becomes {@code  xxrep 4 c } (three or more of a non-space character). */
    public static String replaceRep(String t) {
        StringBuilder out = null;
        int n = t.length(), i = 0, copied = 0;
        while (i < n) {
            char ch = t.charAt(i);
            if (!Character.isSurrogate(ch)) { // common case: a run needs the next two chars equal
                if (i + 2 >= n || t.charAt(i + 1) != ch || t.charAt(i + 2) != ch || Chars.isSpace(ch)) {
                    i++;
                    continue;
                }
            }
            int c = t.codePointAt(i);
            int w = Character.charCount(c);
            int j = i + w, count = 1;
            if (!Chars.isSpace(c)) {
                while (j < n && t.codePointAt(j) == c) {
                    j += w;
                    count++;
                }
            }
            if (count >= 3) {
                if (out == null) out = new StringBuilder(n + 16);
                out.append(t, copied, i).append(' ').append(TK_REP).append(' ').append(count).append(' ')
                        .appendCodePoint(c).append(' ');
                copied = j;
            }
            i = j;
        }
        if (out == null) return t;
        return out.append(t, copied, n).toString();
    }

    /**
     * Word repetitions: {@code word word word} becomes {@code  xxwrep 3 word }. A scan with the
     * semantics of fastai's regex {@code (?:\s|^)(\w+)\s+((?:\1\s+)+)\1(\s|\W|$)}, without its
     * backtracking (and without the stack depth a regex engine needs for a long run of repeats).
     */
    public static String replaceWrep(String t) {
        StringBuilder out = null;
        int n = t.length(), copied = 0, p = 0;
        while (p < n) {
            boolean atStart = p == 0;
            if (!atStart && !Chars.isSpace(t.charAt(p))) {
                p++;
                continue;
            }
            int w0 = Chars.isSpace(t.charAt(p)) ? p + 1 : p;
            int w1 = w0;
            while (w1 < n && isWordChar(t.codePointAt(w1))) w1 += Character.charCount(t.codePointAt(w1));
            int len = w1 - w0;
            // no word, no match: skip before scanning the spaces after it, or a long run of spaces costs its length squared
            int pos = len == 0 ? w1 : skipSpaces(t, w1);
            if (len == 0 || pos == w1) {
                p = Math.max(p + 1, w1); // no match can start inside the word
                continue;
            }
            // greedy: how many "word + spaces" follow; prevRep is where the last of them starts
            int reps = 0, prevRep = -1;
            while (pos + len < n && t.regionMatches(pos, t, w0, len) && Chars.isSpace(t.charAt(pos + len))) {
                prevRep = pos;
                pos = skipSpaces(t, pos + len);
                reps++;
            }
            int last;
            if (reps >= 1 && t.regionMatches(pos, t, w0, len) && (pos + len == n || !isWordChar(t.codePointAt(pos + len)))) {
                last = pos;
            } else if (reps >= 2) {
                reps--;
                last = prevRep;
            } else {
                p = Math.max(p + 1, w1);
                continue;
            }
            int end = last + len;
            int eEnd = end < n ? end + Character.charCount(t.codePointAt(end)) : end;
            if (out == null) out = new StringBuilder(n + 16);
            out.append(t, copied, p).append(' ').append(TK_WREP).append(' ').append(reps + 2).append(' ')
                    .append(t, w0, w1).append(' ').append(t, end, eEnd);
            copied = eEnd;
            p = eEnd;
        }
        if (out == null) return t;
        return out.append(t, copied, n).toString();
    }

    private static int skipSpaces(String t, int i) {
        while (i < t.length() && Chars.isSpace(t.charAt(i))) i++;
        return i;
    }

    /** Python's {@code \w}: letters, digits and other numbers, underscore. */
    private static boolean isWordChar(int c) {
        if (c < 128) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (Character.isLetter(c)) return true;
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** Puts spaces around {@code /}, {@code #} and {@code \} so they become tokens of their own. */
    public static String specAddSpaces(String t) {
        int n = t.length(), i = 0;
        while (i < n && !isSpec(t.charAt(i))) i++;
        if (i == n) return t;
        StringBuilder out = new StringBuilder(n + 16).append(t, 0, i);
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (isSpec(c)) out.append(' ').append(c).append(' ');
            else out.append(c);
        }
        return out.toString();
    }

    private static boolean isSpec(char c) {
        return c == '/' || c == '#' || c == '\\';
    }

    /** Collapses runs of two or more spaces into one. */
    public static String rmUselessSpaces(String t) {
        if (!t.contains("  ")) return t;
        StringBuilder out = new StringBuilder(t.length());
        for (int i = 0, n = t.length(); i < n; i++) {
            char c = t.charAt(i);
            if (c == ' ' && i > 0 && t.charAt(i - 1) == ' ') continue;
            out.append(c);
        }
        return out.toString();
    }

    /** Words in ALL CAPS become {@code xxup} + the word lowercased (one-letter words are just lowercased). */
    public static String replaceAllCaps(String t) {
        return replaceWords(t, true);
    }

    /** Capitalized words become {@code xxmaj} + the word lowercased (one-letter words are just lowercased). */
    public static String replaceMaj(String t) {
        return replaceWords(t, false);
    }

    /**
     * The two capital-letter rules. A word is a maximal run of non-whitespace; it qualifies when it
     * starts with A-Z and has no a-z after (all caps) or no A-Z after (capitalized), exactly the
     * words fastai's regexes {@code (\s|^)([A-Z]+[^a-z\s]*)(?=(\s|$))} and
     * {@code (\s|^)([A-Z][^A-Z\s]*)(?=(\s|$))} match.
     */
    private static String replaceWords(String t, boolean allCaps) {
        StringBuilder out = null;
        int n = t.length(), i = 0, copied = 0;
        while (i < n) {
            if (Chars.isSpace(t.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean ok = t.charAt(i) >= 'A' && t.charAt(i) <= 'Z', ascii = true;
            i++;
            while (i < n && !Chars.isSpace(t.charAt(i))) {
                char c = t.charAt(i);
                if (allCaps ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) ok = false;
                if (c >= 128) ascii = false;
                i++;
            }
            if (!ok) continue;
            if (out == null) out = new StringBuilder(n + 32);
            out.append(t, copied, start);
            if (t.codePointCount(start, i) > 1) out.append(allCaps ? TK_UP : TK_MAJ).append(' ');
            if (ascii) {
                for (int k = start; k < i; k++) {
                    char c = t.charAt(k);
                    out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                }
            } else {
                out.append(t.substring(start, i).toLowerCase(Locale.ROOT));
            }
            copied = i;
        }
        if (out == null) return t;
        return out.append(t, copied, n).toString();
    }

    /** Lowercases and strips the text, and marks the beginning of the stream with {@code xxbos}. */
    public static String lowercase(String t) {
        return lowercase(t, true, false);
    }

    /** Lowercases and strips the text, optionally adding {@code xxbos} before and {@code xxeos} after. */
    public static String lowercase(String t, boolean addBos, boolean addEos) {
        String body = Chars.strip(t.toLowerCase(Locale.ROOT));
        if (!addBos && !addEos) return body;
        return (addBos ? BOS + " " : "") + body + (addEos ? " " + EOS : "");
    }

    /** Post-tokenization rule: spaces inside a token become {@code ▁}, so joining tokens with spaces can be undone. */
    public static String replaceSpace(String token) {
        return token.replace(' ', '\u2581');
    }
}
