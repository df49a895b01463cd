package textdive.bench;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Why our tokens and spaCy 3's differ in one {@link TokenDiff.Segment}. WordTokenizer follows spaCy 2, the version
 * the fastai book ran, where spaCy 3 changed; each change that shows in real text has a simple test on the segment,
 * tried in this order. A segment none of them explains is {@link #UNEXPLAINED}: a difference nobody has looked at.
 */
enum ParityKind {
    /** Ours has {@code ")} as one token where spaCy's side has none: spaCy 2 lists it as an emoticon, spaCy 3 does not. */
    QUOTE_PAREN("`\")` kept whole by us: an emoticon in spaCy 2, not in spaCy 3"),
    /** The text holds a currency sign that spaCy 3.1 added to its list and spaCy 2's lacks ({@code ₤100}). */
    CURRENCY("a currency sign spaCy 2 did not list (`₤100`): spaCy 3.1 lists all of U+20A0–U+20BF"),
    /**
     * Ours has {@code F.} ({@code C.}, {@code K.}) right after a {@code °}: spaCy's suffix rule for that period needs the
     * {@code °} in view; spaCy 2 looks for suffixes in the piece with its prefix, so once another suffix is off
     * ({@code °F.?}) it no longer sees the period, while spaCy 3.2 looks after the prefix is off and splits it.
     */
    DEGREE_PERIOD("`F.` after `°` before another suffix (`°F.?`): spaCy 3.2 looks for suffixes once the prefix is off"),
    /**
     * Ours keeps a hyphen after a digit inside a token ({@code 20-odd}, {@code 90-minute}) that spaCy's side cuts off:
     * spaCy 2's hyphen infix needs a letter before the hyphen, spaCy 3 also takes a digit (explosion/spaCy#5770).
     */
    DIGIT_HYPHEN("a hyphen after a digit kept by us (`20-odd`): spaCy 3 cuts it there, spaCy 2 only between letters"),
    /**
     * spaCy's side has a token that is one of our exceptions and ours has no such token there: spaCy 3 finds exceptions
     * inside a piece ({@code Sykes):} gives {@code ):}, {@code Mr.Bean} gives {@code Mr.}); spaCy 2 only as a whole piece
     * or once the affixes are off ({@code ) :}, {@code Mr . Bean}).
     */
    EXCEPTION_INSIDE_PIECE("an exception inside a piece, split by us (`):` `''` `Mr.`): spaCy 3 finds it there, spaCy 2 did not"),
    UNEXPLAINED("none of the above");

    private static final Pattern HYPHEN = Pattern.compile("-|–|—|--|---|——|~");
    private static final Pattern DIGIT_HYPHEN_LETTER = Pattern.compile("[0-9](?:-|–|—|~)\\p{L}");

    private final String description;

    ParityKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** Whether spaCy 2 would have cut the text as we do (so the difference is a spaCy 2 to 3 change). */
    boolean explained() {
        return this != UNEXPLAINED;
    }

    /** The first kind whose test the segment passes; {@code isException} is WordTokenizer's. */
    static ParityKind of(String text, TokenDiff.Segment s, Predicate<String> isException) {
        if (s.ours().contains("\")") && !s.theirs().contains("\")")) return QUOTE_PAREN;
        if (text.substring(s.start(), s.end()).chars().anyMatch(ParityKind::addedCurrency)) return CURRENCY;
        String around = text.substring(Math.max(0, s.start() - 1), s.end());
        if (s.ours().stream().anyMatch(t -> t.matches("[FfCcKk]\\.") && around.contains("°" + t))) return DEGREE_PERIOD;
        if (s.ours().stream().anyMatch(t -> DIGIT_HYPHEN_LETTER.matcher(t).find()) && s.theirs().stream().anyMatch(t -> HYPHEN.matcher(t).matches()))
            return DIGIT_HYPHEN;
        if (s.theirs().stream().anyMatch(t -> isException.test(t) && !s.ours().contains(t))) return EXCEPTION_INSIDE_PIECE;
        return UNEXPLAINED;
    }

    /** One of the signs spaCy 3.1 added: the block U+20A0–U+20BF except €, ₴ and ₽, which spaCy 2 already had. */
    static boolean addedCurrency(int c) {
        return c >= 0x20A0 && c <= 0x20BF && c != 0x20AC && c != 0x20B4 && c != 0x20BD;
    }
}
