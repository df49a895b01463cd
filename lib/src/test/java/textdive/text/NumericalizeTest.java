package textdive.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.CacheInTemp;

@ExtendWith(CacheInTemp.class)
class NumericalizeTest {
    @TempDir Path tmp;

    static TokenCounter counter(String... toks) {
        TokenCounter c = new TokenCounter();
        for (String t : toks) c.add(t);
        return c;
    }

    @Test
    void specialsFirstThenFrequencyTiesInFirstSeenOrder() {
        TokenCounter c = counter("b", "a", "c", "a", "b", "c", "a", "b", "c", "d", "d", "d", "d", "e", "e", "xxmaj", "xxmaj", "xxmaj");
        Numericalize num = Numericalize.fromCounter(c);
        assertEquals(List.of("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup", "xxmaj",
                "d", "b", "a", "c", "xxfake", "xxfake", "xxfake"), num.vocab(), "e (2 < min_freq 3) is dropped");
        assertEquals(0, num.size() % 8);
        assertEquals(0, num.id("e"), "unknown -> xxunk");
        assertEquals(0, num.id("xxfake"), "the filler is never an id target");
        assertArrayEquals(new int[] {2, 9, 10, 0}, num.encode(List.of("xxbos", "d", "b", "zzz")));
        assertEquals(List.of("xxbos", "d", "b", "xxunk"), num.decode(new int[] {2, 9, 10, 0}));
    }

    @Test
    void maxVocabAndMultipleOfEight() {
        TokenCounter c = new TokenCounter();
        for (int i = 0; i < 100; i++) c.add("w" + i, 100 - i);
        Numericalize num = Numericalize.fromCounter(c, 1, 20);
        assertEquals(24, num.size());
        assertEquals("w10", num.vocab().get(19));
        assertEquals("xxfake", num.vocab().get(20));
        Numericalize exact = Numericalize.fromCounter(c, 1, 16);
        assertEquals(24, exact.size(), "fastai appends 8 xxfake when already a multiple of 8");
        assertThrows(IllegalArgumentException.class, () -> Numericalize.fromCounter(c, 1, 5));
    }

    @Test
    void bookReviewRoundTrip() throws IOException {
        Tokenizer tkz = new Tokenizer(new WordTokenizer());
        List<String> toks = tkz.tokenize(Files.readString(Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_subset/test/neg/11779_4.txt")));
        Numericalize num = Numericalize.fromTokens(List.of(toks, toks, toks));
        assertEquals(toks, num.decode(num.encode(toks)), "every token seen 3 times is in the vocab");
        assertEquals(String.join(" ", toks.subList(0, 5)), num.decodeText(Arrays.copyOf(num.encode(toks), 5)));
    }

    @Test
    void saveAndLoad() throws IOException {
        Numericalize num = Numericalize.fromCounter(counter("a", "a", "a", "\n", "\n", "\n", "x\\y", "x\\y", "x\\y", "\t", "\t", "\t"));
        Path f = tmp.resolve("sub/vocab.txt");
        num.save(f);
        assertEquals(num.vocab(), Numericalize.load(f).vocab());
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
        Files.writeString(tmp.resolve("junk.txt"), "hello\n");
        assertThrows(IOException.class, () -> Numericalize.load(tmp.resolve("junk.txt")));
        assertThrows(IOException.class, () -> Numericalize.load(tmp.resolve("missing.txt")));
        assertTrue(num.toString().startsWith("Numericalize("));
    }

    @Test
    void corpusFastPathMatchesTokenByToken(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("docs");
        Files.createDirectories(root);
        Files.writeString(root.resolve("a.txt"), "The cat sat. The cat ran. The dog sat.");
        Files.writeString(root.resolve("b.txt"), "A dog! The dog.");
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(new Tokenizer(new WordTokenizer()), root);
        Numericalize num = Numericalize.fromCounter(c.counter());
        List<int[]> ids = num.encode(c);
        for (int d = 0; d < c.size(); d++) assertArrayEquals(num.encode(c.tokens(d)), ids.get(d));
    }
}
