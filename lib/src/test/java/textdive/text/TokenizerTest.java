package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TokenizerTest {
    static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());
    @TempDir Path tmp;

    @BeforeEach
    void cacheInTemp() {
        System.setProperty("textdive.cache", tmp.resolve("cache").toString());
    }

    @AfterEach
    void resetCache() {
        System.clearProperty("textdive.cache");
    }

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
    void folderIsTokenizedCachedAndRefreshed() throws IOException {
        Path root = tmp.resolve("imdb");
        write(root.resolve("train/pos/1.txt"), "Great movie.");
        write(root.resolve("train/neg/2.txt"), "Bad movie. Bad.");
        write(root.resolve("test/pos/3.txt"), "");
        write(root.resolve("other/4.txt"), "not included");
        TokenizedCorpus c = TKZ.tokenizeFolder(root, "train", "test");
        assertFalse(c.fromCache());
        assertEquals(List.of("test/pos/3.txt", "train/neg/2.txt", "train/pos/1.txt"), c.files());
        assertEquals(List.of("xxbos"), c.tokens(0));
        assertEquals(List.of("xxbos", "xxmaj", "bad", "movie", ".", "xxmaj", "bad", "."), c.tokens(1));
        assertEquals(List.of(1, 8, 5), java.util.Arrays.stream(c.lengths()).boxed().toList());
        assertEquals(3, c.counter().get("xxbos"));
        assertEquals(2, c.counter().get("bad"));
        assertEquals(List.of("xxbos", "xxmaj", "bad", "movie", ".", "great"), c.counter().tokens(), "first-seen order");
        assertEquals(root.resolveSibling("imdb_tok"), c.cacheFile().getParent(), "written next to the source");

        TokenizedCorpus again = TKZ.tokenizeFolder(root, "train", "test");
        assertTrue(again.fromCache());
        assertEquals(c.tokens(1), again.tokens(1));
        assertEquals(c.counter().mostCommon(10), again.counter().mostCommon(10));

        Path changed = root.resolve("train/pos/1.txt");
        write(changed, "Great movie! Truly great.");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
        TokenizedCorpus fresh = TKZ.tokenizeFolder(root, "train", "test");
        assertFalse(fresh.fromCache(), "a changed source is tokenized again");
        assertEquals(2, fresh.counter().get("great"));

        Files.write(fresh.cacheFile(), java.util.Arrays.copyOf(Files.readAllBytes(fresh.cacheFile()), 40));
        TokenizedCorpus afterCorruption = TKZ.tokenizeFolder(root, "train", "test");
        assertFalse(afterCorruption.fromCache(), "a truncated cache file is ignored and rewritten");
        assertEquals(fresh.tokens(2), afterCorruption.tokens(2));
        assertTrue(TKZ.tokenizeFolder(root, "train", "test").fromCache());

        Tokenizer noRules = new Tokenizer(new WordTokenizer(), List.of());
        assertFalse(noRules.tokenizeFolder(root, "train", "test").fromCache(), "other rules, other cache");
    }

    @Test
    void sharedDatasetsGoToTheCacheDirectory() throws IOException {
        Path src = Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_subset");
        TokenizedCorpus c = TKZ.tokenizeFolder(src, "train");
        assertEquals(1000, c.size());
        assertTrue(c.cacheFile().startsWith(tmp.resolve("cache")), c.cacheFile().toString());
        assertFalse(Files.exists(src.resolveSibling("imdb_subset_tok")));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() throws IOException {
        Path root = tmp.resolve("bad");
        Files.createDirectories(root);
        Files.write(root.resolve("x.txt"), new byte[] {'o', 'k', ' ', (byte) 0xff, ' ', 'c', 'a', 'f', (byte) 0xc3});
        write(root.resolve("y.txt"), "fine");
        TokenizedCorpus c = TKZ.tokenizeFolder(root);
        assertEquals(1, c.invalidUtf8Files());
        assertEquals(2, c.invalidUtf8Sequences());
        assertEquals(List.of("xxbos", "ok", "\uFFFD", "caf", "\uFFFD"), c.tokens(0), "U+FFFD is a symbol, split off like spaCy does");
        assertEquals(3, Utf8.decode("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8)).text().length());
    }

    @Test
    void missingOrEmptyFoldersAreClearErrors() throws IOException {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TKZ.tokenizeFolder(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"));
        Files.createDirectories(tmp.resolve("empty"));
        assertThrows(IllegalArgumentException.class, () -> TKZ.tokenizeFolder(tmp.resolve("empty")));
        Files.createDirectories(tmp.resolve("some/train"));
        assertThrows(NoSuchFileException.class, () -> TKZ.tokenizeFolder(tmp.resolve("some"), "valid"));
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

    @Test
    void csvColumn() throws IOException {
        Path csv = Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_sample/texts.csv");
        Tokenizer.TokenizedTable t = TKZ.tokenizeCsv(csv, "text");
        Table table = t.table();
        assertEquals(1000, table.rowCount());
        assertEquals(List.of("label", "is_valid", "text", "text_length"), table.columnNames());
        assertTrue(table.stringColumn("text").get(0).startsWith("xxbos xxmaj un - bleeping - believable !"));
        assertEquals(t.tokens().get(0).size(), table.intColumn("text_length").get(0));
        assertEquals(1000, t.counter().get("xxbos"));
    }

    @Test
    void malformedCsvRowsAreReportedWithTheirLine() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "label,text\npos,\"fine, really\"\nneg,too,many\n");
        IOException e = assertThrows(IOException.class, () -> TKZ.tokenizeCsv(csv, "text"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(csv, "label,text\npos,\"never closed\n");
        e = assertThrows(IOException.class, () -> TKZ.tokenizeCsv(csv, "text"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("never closed"), e.getMessage());
        Files.writeString(csv, "label,text\npos,ok\n");
        assertThrows(IllegalArgumentException.class, () -> TKZ.tokenizeCsv(csv, "review"));
        assertThrows(NoSuchFileException.class, () -> TKZ.tokenizeCsv(tmp.resolve("none.csv"), "text"));
    }
}
