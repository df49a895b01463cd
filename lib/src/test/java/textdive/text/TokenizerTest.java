package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules pipeline on strings and files. */
class TokenizerTest {
    static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());
    @TempDir Path tmp;

    private static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }

    @Test
    void stringsFilesAndDecode() throws IOException {
        List<String> toks = TKZ.tokenize("I LOVE it!!! really really really.");
        assertEquals(List.of("xxbos", "i", "xxup", "love", "it", "xxrep", "3", "!", "xxwrep", "3", "really", "."), toks);
        assertEquals("xxbos i xxup love it xxrep 3 ! xxwrep 3 really .", TKZ.decode(toks));
        Path f = tmp.resolve("a.txt");
        write(f, "Hello world");
        assertEquals(List.of("xxbos", "xxmaj", "hello", "world"), TKZ.tokenizeFile(f));
        assertEquals(List.of(List.of("xxbos", "a"), List.of("xxbos", "b")), TKZ.tokenizeAll(List.of("a", "b")));
        assertEquals(List.of("xxbos"), TKZ.tokenize(""), "an empty document is just the stream start");
    }

    @Test
    void tokensKeepNoSpaces() {
        Tokenizer spacey = new Tokenizer(text -> List.of("a b", "c"), List.of());
        assertEquals(List.of("a\u2581b", "c"), spacey.tokenize("whatever"));
    }

    @Test
    void hugeDocument50MB() {
        String review = "This movie, which I just discovered at the video store, isn't bad!!! See www.fast.ai now.\n";
        int copies = 50_000_000 / review.length();
        List<String> toks = TKZ.tokenize(review.repeat(copies));
        int two = TKZ.tokenize(review.repeat(2)).size(), per = TKZ.tokenize(review.repeat(3)).size() - two;
        assertEquals(two + (long) per * (copies - 2), toks.size());
        assertEquals(TKZ.tokenize(review.repeat(2)), toks.subList(0, two - 0).subList(0, two));
    }
}
