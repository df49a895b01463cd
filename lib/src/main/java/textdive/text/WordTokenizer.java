package textdive.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * English word tokenizer with spaCy's behaviour, the one fastai's {@code WordTokenizer} wraps.
 *
 * <p>The text is split on whitespace (one space after a word is dropped, any other whitespace
 * becomes a token). Each piece is then, unless it is an exception ({@code don't} → {@code do n't},
 * {@code U.S.}, {@code :)}), peeled: prefixes ({@code ( " $}) and suffixes ({@code , . ! 's}) come
 * off one at a time until an exception or nothing is left; what remains is kept whole if it is a
 * URL or e-mail, and otherwise cut at infixes (hyphens between letters, {@code ...}). "Letters" are spaCy 2's tables
 * ({@link SpacyLetters}), not Unicode's: {@code 日本-語} stays whole, as in spaCy 2.
 *
 * <p>As in spaCy 2 (the version the book ran), an exception is only recognised as a whole piece or
 * after peeling: {@code :)} alone is one token, {@code great:)} gives {@code great : )} (spaCy 3 finds
 * {@code :)} inside the piece). Also as in spaCy 2, the suffix rules see the whole piece, prefix
 * included, and {@code ")} is an emoticon. {@code scripts/make_spacy_fixtures.py} records spaCy 3's
 * tokens, and these differences, for WordTokenizerTest.
 *
 * <p>Speed: the rules are character scans, not regexes, and the result for each distinct piece is
 * cached (one cache per thread, looked up without copying the piece), so a corpus costs one hash
 * lookup per word once its vocabulary has been seen. Instances are thread-safe.
 */
public final class WordTokenizer implements BaseTokenizer {
    private static final int CACHE_LIMIT = 1 << 20;
    /** spaCy's URL_MATCH, tried on what is left once the affixes are off (so it needs no look-arounds of its own). */
    private static final Pattern URL = Pattern.compile(
            "^(?:[\\w+\\-.]{2,}://)?(?:\\S+(?::\\S*)?@)?(?:"
                    + "(?!(?:10|127)(?:\\.\\d{1,3}){3})(?!(?:169\\.254|192\\.168)(?:\\.\\d{1,3}){2})"
                    + "(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3}){2})"
                    + "(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}"
                    + "(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))"
                    + "|(?:(?:[A-Za-z0-9\\u00a1-\\uffff][A-Za-z0-9\\u00a1-\\uffff_-]{0,62})?[A-Za-z0-9\\u00a1-\\uffff]\\.)+"
                    + "[" + SpacyLetters.LOWER_CLASS + "]{2,63})" // the top-level domain: spaCy's ALPHA_LOWER
                    + "(?::\\d{2,5})?(?:[/?#]\\S*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, String[]> specials;
    /** The longest exception: a longer piece is never one, so peeling a long run of punctuation stays linear. */
    private final int maxSpecialLength;
    /** One cache per thread: no locking, no sharing of mutable state between threads. */
    private final ThreadLocal<PieceCache> cache = ThreadLocal.withInitial(this::newCache);

    /** spaCy's English rules plus fastai's special tokens as exceptions. */
    public WordTokenizer() {
        this(SpecialTokens.ALL);
    }

    /** spaCy's English rules plus {@code specialTokens} kept whole. */
    public WordTokenizer(List<String> specialTokens) {
        Map<String, String[]> exc = EnglishExceptions.build();
        for (String t : specialTokens) exc.put(t, new String[] {t});
        this.specials = exc;
        this.maxSpecialLength = exc.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    private PieceCache newCache() {
        PieceCache c = new PieceCache(CACHE_LIMIT);
        // one lookup per piece: exceptions answer from the cache too
        for (Map.Entry<String, String[]> e : specials.entrySet()) c.put(e.getKey(), e.getKey().hashCode(), e.getValue());
        return c;
    }

    @Override
    public List<String> tokenize(String text) {
        if (text == null) throw new IllegalArgumentException("cannot tokenize null text");
        List<String> out = new ArrayList<>(Math.max(16, text.length() / 4));
        tokenizeInto(text, out);
        return out;
    }

    /** Appends the tokens of {@code text} to {@code out} (no intermediate list). */
    public void tokenizeInto(String text, List<String> out) {
        int n = text.length();
        if (n == 0) return;
        PieceCache pc = cache.get();
        boolean inWs = Chars.isSpace(text.charAt(0));
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Chars.isSpace(c) != inWs) {
                if (start < i) piece(text, start, i, out, pc);
                start = (c == ' ') ? i + 1 : i;
                inWs = !inWs;
            }
        }
        if (start < n) piece(text, start, n, out, pc);
    }

    /**
     * Whether {@code s} is one of the exceptions (spaCy's special cases: {@code don't}, {@code Mr.}, {@code :)}, and the
     * special tokens): the benchmark against spaCy ({@code textdive.bench.SpacyParity}) asks it to tell spaCy 3's
     * exceptions found inside a piece from other disagreements.
     */
    public boolean isException(String s) {
        return specials.containsKey(s);
    }

    private void piece(String text, int b, int e, List<String> out, PieceCache pc) {
        int h = PieceCache.hash(text, b, e);
        String[] cached = pc.get(text, b, e, h);
        if (cached == null) {
            String s = text.substring(b, e);
            List<String> toks = new ArrayList<>(4);
            splitAffixes(s, 0, s.length(), toks, true);
            cached = toks.size() == 1 && toks.get(0).equals(s) ? new String[] {s} : toks.toArray(new String[0]);
            pc.put(s, h, cached);
        }
        for (String t : cached) out.add(t);
    }

    private boolean isSpecial(String s, int b, int e, boolean withSpecials) {
        return withSpecials && e - b <= maxSpecialLength && specials.containsKey(s.substring(b, e));
    }

    /** spaCy's affix loop: peel prefixes and suffixes, then keep the core whole or cut it at infixes. */
    private void splitAffixes(String s, int b, int e, List<String> out, boolean withSpecials) {
        List<String> prefixes = new ArrayList<>(2);
        List<String> suffixes = new ArrayList<>(2);
        int lastSize = -1;
        while (e > b && e - b != lastSize) {
            if (isSpecial(s, b, e, withSpecials)) break;
            lastSize = e - b;
            int pre = EnglishPunctuation.prefix(s, b, e);
            if (pre != 0 && b + pre < e && isSpecial(s, b + pre, e, withSpecials)) {
                prefixes.add(s.substring(b, b + pre));
                b += pre;
                break;
            }
            // spaCy 2 looks for the suffix in the whole piece, prefix included: "°F." loses its '.' as well as its '°'
            int suf = EnglishPunctuation.suffix(s, b, e);
            if (suf != 0 && e - suf > b && isSpecial(s, b, e - suf, withSpecials)) {
                suffixes.add(s.substring(e - suf, e));
                e -= suf;
                break;
            }
            if (pre != 0 && suf != 0 && pre + suf <= e - b) {
                prefixes.add(s.substring(b, b + pre));
                suffixes.add(s.substring(e - suf, e));
                b += pre;
                e -= suf;
            } else if (pre != 0) {
                prefixes.add(s.substring(b, b + pre));
                b += pre;
            } else if (suf != 0) {
                suffixes.add(s.substring(e - suf, e));
                e -= suf;
            }
            if (e > b && isSpecial(s, b, e, withSpecials)) break;
        }
        out.addAll(prefixes);
        if (e > b) {
            String core = s.substring(b, e);
            String[] special = withSpecials ? specials.get(core) : null;
            if (special != null) out.addAll(Arrays.asList(special));
            else if (isUrl(core)) out.add(core);
            else splitInfixes(core, out);
        }
        for (int i = suffixes.size() - 1; i >= 0; i--) out.add(suffixes.get(i));
    }

    /** Whether {@code s} is whole a URL or e-mail address by spaCy's URL_MATCH (package-private for the tests). */
    static boolean isUrl(String s) {
        if (s.length() < 4 || s.length() > 2000 || s.indexOf('.') < 0) return false;
        return URL.matcher(s).matches();
    }

    private static void splitInfixes(String s, List<String> out) {
        int[] m = new int[16];
        int count;
        while ((count = EnglishPunctuation.infixes(s, 0, s.length(), m)) < 0) m = new int[m.length * 4];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int is = m[2 * k], ie = m[2 * k + 1];
            if (is == 0) continue; // an infix at the very start stays with what follows
            if (is != start) out.add(s.substring(start, is));
            out.add(s.substring(is, ie));
            start = ie;
        }
        if (start < s.length()) out.add(s.substring(start));
    }

    /**
     * Raised whenever a change gives some text other tokens. A tokenized corpus is cached under its tokenizer's
     * {@code toString()}, so a corpus tokenized by an earlier revision is tokenized again rather than read stale.
     * Revision 2 (2 December 2026): typographic-apostrophe exceptions, URLs ending in {@code . - =}, {@code °F.}.
     * Revision 3 (2 December 2026): a hyphen after a digit is no infix ({@code 20-odd} stays whole, as in spaCy 2).
     */
    static final int REVISION = 3;

    @Override
    public String toString() {
        return "WordTokenizer(spaCy English rules, revision " + REVISION + ")";
    }
}
