package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final Normalizer NMT = new Normalizer(NormalizerSpec.nmtNfkc(), false, List.of());

    @Test
    void whitespaceIsTrimmedSquashedAndEscaped() {
        Normalizer id = new Normalizer(NormalizerSpec.identity(), false, List.of());
        assertEquals("▁Hello▁world", id.normalize("  Hello   world  "));
        assertEquals("", id.normalize("   "));
        assertEquals("", id.normalize(""));
    }

    @Test
    void eachWhitespaceOptionCanBeSwitchedOff() {
        assertEquals("Hello▁world", new Normalizer(new NormalizerSpec("identity", null, false, true, true), false, List.of())
                .normalize(" Hello  world"));
        assertEquals("▁▁Hello▁▁world▁", new Normalizer(new NormalizerSpec("identity", null, true, false, true), false, List.of())
                .normalize(" Hello  world "));
        assertEquals(" Hello world", new Normalizer(new NormalizerSpec("identity", null, true, true, false), false, List.of())
                .normalize("Hello  world"));
        assertEquals("Hello▁world▁", new Normalizer(NormalizerSpec.identity(), true, List.of()).normalize("Hello world"));
    }

    @Test
    void nmtNfkcFoldsCompatibilityFormsAndSpaces() {
        assertEquals("▁full▁width▁fi▁1\u20442", NMT.normalize("ｆｕｌｌ\twidth\nﬁ ½"));  // ½ → 1⁄2 (fraction slash)
        assertEquals("▁café", NMT.normalize("cafe\u0301"));  // decomposed accent composes
        assertEquals("▁ab", NMT.normalize("a\u0001b"));       // control characters vanish
        assertEquals("▁a▁b", NMT.normalize("a\u200Bb"));     // zero-width space is a space
        assertEquals("▁a\u200Db", NMT.normalize("a\u200Db")); // the joiner stays, as in SentencePiece
    }

    @Test
    void userDefinedSymbolsPassUnchanged() {
        Normalizer n = new Normalizer(NormalizerSpec.nmtNfkc(), false, List.of("ｘｘ"));
        assertEquals("▁ｘｘ▁ｘｘx", n.normalize("ｘｘ ｘｘｘ"));  // the symbol stays full-width, the lone ｘ folds
    }

    @Test
    void charsmapRoundTripsThroughTheBlobFormat() {
        byte[] blob = CharsMap.compile(Map.of("ab", "X", "a", "Y", "abc", ""));
        Normalizer n = new Normalizer(new NormalizerSpec("custom", blob, false, false, false), false, List.of());
        assertEquals("YX", n.normalize("aab"));
        assertEquals("d", n.normalize("abcd"));
    }

    @Test
    void malformedCharsmapIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CharsMap.decode(new byte[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> CharsMap.decode(new byte[]{(byte) 0xff, 0, 0, 0, 1}));
    }
}
