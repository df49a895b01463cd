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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        x = x.replace("#39;", "'").replace("amp;", "&").replace("#146;", "'").replace("nbsp;", " ")
                .replace("#36;", "$").replace("\\n", "\n").replace("quot;", "'").replace("<br />", "\n")
                .replace("\\\"", "\"").replace("<unk>", UNK).replace(" @.@ ", ".").replace(" @-@ ", "-")
                .replace("...", " \u2026");
        return HtmlEntities.unescape(x);
    }

    /** Character repetitions: {@code cccc} becomes {@code  xxrep 4 c } (three or more of a non-space character). */
    public static String replaceRep(String t) {
        StringBuilder out = null;
        int n = t.length(), i = 0, copied = 0;
        while (i < n) {
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

    private static final Pattern WREP = Pattern.compile(
            "(?:\\s|^)(\\w+)\\s+((?:\\1\\s+)+)\\1(\\s|\\W|$)", Pattern.UNICODE_CHARACTER_CLASS);

    /** Word repetitions: {@code word word word} becomes {@code  xxwrep 3 word }. */
    public static String replaceWrep(String t) {
        Matcher m = WREP.matcher(t);
        if (!m.find()) return t;
        StringBuilder out = new StringBuilder(t.length() + 16);
        int copied = 0;
        do {
            int reps = countWords(m.group(2)) + 2;
            out.append(t, copied, m.start()).append(' ').append(TK_WREP).append(' ').append(reps).append(' ')
                    .append(m.group(1)).append(' ').append(m.group(3));
            copied = m.end();
        } while (m.find());
        return out.append(t, copied, t.length()).toString();
    }

    private static int countWords(String s) {
        int words = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean sp = Chars.isSpace(s.charAt(i));
            if (!sp && !in) words++;
            in = !sp;
        }
        return words;
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
            boolean ok = t.charAt(i) >= 'A' && t.charAt(i) <= 'Z';
            i++;
            while (i < n && !Chars.isSpace(t.charAt(i))) {
                char c = t.charAt(i);
                if (allCaps ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) ok = false;
                i++;
            }
            if (!ok) continue;
            if (out == null) out = new StringBuilder(n + 32);
            out.append(t, copied, start);
            if (t.codePointCount(start, i) > 1) out.append(allCaps ? TK_UP : TK_MAJ).append(' ');
            out.append(t.substring(start, i).toLowerCase(Locale.ROOT));
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
