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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import textdive.testing.CacheInTemp;

/** fastai's tokenize_folder: parallel, cached beside the source or in the cache directory, refreshed when files change. */
class TokenizeFolderTest {
    static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());
    @TempDir Path tmp;
    @RegisterExtension final CacheInTemp cache = new CacheInTemp();

    private static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }

    @Test
    void folderIsTokenizedCachedAndRefreshed() throws IOException {
        Path root = tmp.resolve("imdb");
        write(root.resolve("train/pos/1.txt"), "Great movie.");
        write(root.resolve("train/neg/2.txt"), "Bad movie. Bad.");
        write(root.resolve("test/pos/3.txt"), "");
        write(root.resolve("other/4.txt"), "not included");
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test");
        assertFalse(c.fromCache());
        assertEquals(List.of("test/pos/3.txt", "train/neg/2.txt", "train/pos/1.txt"), c.files());
        assertEquals(List.of("xxbos"), c.tokens(0));
        assertEquals(List.of("xxbos", "xxmaj", "bad", "movie", ".", "xxmaj", "bad", "."), c.tokens(1));
        assertEquals(List.of(1, 8, 5), Arrays.stream(c.lengths()).boxed().toList());
        assertEquals(3, c.counter().get("xxbos"));
        assertEquals(2, c.counter().get("bad"));
        assertEquals(List.of("xxbos", "xxmaj", "bad", "movie", ".", "great"), c.counter().tokens(), "first-seen order");
        assertEquals(root.resolveSibling("imdb_tok"), c.cacheFile().getParent(), "written next to the source");

        TokenizedCorpus again = TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test");
        assertTrue(again.fromCache());
        assertEquals(c.tokens(1), again.tokens(1));
        assertEquals(c.counter().mostCommon(10), again.counter().mostCommon(10));

        Path changed = root.resolve("train/pos/1.txt");
        write(changed, "Great movie! Truly great.");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5000));
        TokenizedCorpus fresh = TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test");
        assertFalse(fresh.fromCache(), "a changed source is tokenized again");
        assertEquals(2, fresh.counter().get("great"));

        Files.write(fresh.cacheFile(), Arrays.copyOf(Files.readAllBytes(fresh.cacheFile()), 40));
        TokenizedCorpus afterCorruption = TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test");
        assertFalse(afterCorruption.fromCache(), "a truncated cache file is ignored and rewritten");
        assertEquals(fresh.tokens(2), afterCorruption.tokens(2));
        assertTrue(TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test").fromCache());

        Tokenizer noRules = new Tokenizer(new WordTokenizer(), List.of());
        assertFalse(TokenizeFolder.tokenizeFolder(noRules, root, "train", "test").fromCache(), "other rules, other cache");
        TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test");
        assertTrue(TokenizeFolder.tokenizeFolder(TKZ, root, "train", "test").fromCache());
        WordTokenizer words = new WordTokenizer();
        BaseTokenizer nextRevision = new BaseTokenizer() { // the same tokens under another revision's name
            public List<String> tokenize(String text) {
                return words.tokenize(text);
            }

            public String toString() {
                return words.toString().replace("revision " + WordTokenizer.REVISION, "revision " + (WordTokenizer.REVISION + 1));
            }
        };
        assertFalse(TokenizeFolder.tokenizeFolder(new Tokenizer(nextRevision), root, "train", "test").fromCache(), "another tokenizer revision, other cache");
    }

    @Test
    void sharedDatasetsGoToTheCacheDirectory() throws IOException {
        Path src = Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_subset");
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(TKZ, src, "train");
        assertEquals(1000, c.size());
        assertTrue(c.cacheFile().startsWith(cache.dir()), c.cacheFile().toString());
        assertFalse(Files.exists(src.resolveSibling("imdb_subset_tok")));
    }

    @Test
    void invalidUtf8IsReplacedAndCounted() throws IOException {
        Path root = tmp.resolve("bad");
        Files.createDirectories(root);
        Files.write(root.resolve("x.txt"), new byte[] {'o', 'k', ' ', (byte) 0xff, ' ', 'c', 'a', 'f', (byte) 0xc3});
        write(root.resolve("y.txt"), "fine");
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(TKZ, root);
        assertEquals(1, c.invalidUtf8Files());
        assertEquals(2, c.invalidUtf8Sequences());
        assertEquals(List.of("xxbos", "ok", "\uFFFD", "caf", "\uFFFD"), c.tokens(0), "U+FFFD is a symbol, split off like spaCy does");
        assertEquals(3, Utf8.decode("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8)).text().length());
    }

    @Test
    void missingOrEmptyFoldersAreClearErrors() throws IOException {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TokenizeFolder.tokenizeFolder(TKZ, tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"));
        Files.createDirectories(tmp.resolve("empty"));
        assertThrows(IllegalArgumentException.class, () -> TokenizeFolder.tokenizeFolder(TKZ, tmp.resolve("empty")));
        Files.createDirectories(tmp.resolve("some/train"));
        assertThrows(NoSuchFileException.class, () -> TokenizeFolder.tokenizeFolder(TKZ, tmp.resolve("some"), "valid"));
    }

    @Test
    void linkedDocumentsAreTokenizedAndABrokenLinkIsNamed() throws IOException {
        // fastai's get_files lists symbolic links to files; they used to be skipped without a word
        Path root = tmp.resolve("linked");
        write(root.resolve("train/a.txt"), "Plain review");
        write(tmp.resolve("elsewhere/real.txt"), "Linked review");
        Files.createSymbolicLink(root.resolve("train/b.txt"), tmp.resolve("elsewhere/real.txt"));
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(TKZ, root);
        assertEquals(List.of("train/a.txt", "train/b.txt"), c.files());
        assertEquals(List.of("xxbos", "xxmaj", "linked", "review"), c.tokens(1));
        Files.createSymbolicLink(root.resolve("train/c.txt"), tmp.resolve("elsewhere/gone.txt"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TokenizeFolder.tokenizeFolder(TKZ, root));
        assertEquals(root.resolve("train/c.txt") + ": broken symbolic link: its target does not exist", e.getMessage());
    }

    @Test
    void linkedFoldersAreFollowedOnceAndUppercaseTxtCounts() throws IOException {
        // fastai's get_files walks with followlinks=True and matches '.TXT' too; both used to be skipped without a word
        Path root = tmp.resolve("walk");
        write(root.resolve("train/a.txt"), "one");
        write(root.resolve("train/B.TXT"), "two");
        write(tmp.resolve("outside/c.txt"), "three");
        Files.createSymbolicLink(root.resolve("train/more"), tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("train/loop"), root.resolve("train")); // a cycle ends, its files listed once
        TokenizedCorpus c = TokenizeFolder.tokenizeFolder(TKZ, root, "train", "train");
        assertEquals(List.of("train/B.TXT", "train/a.txt", "train/more/c.txt"), c.files());
        var e = assertThrows(IllegalArgumentException.class, () -> TokenizeFolder.tokenizeFolder(TKZ, root, "train", null));
        assertEquals("sub-folder to tokenize under " + root + " must be a folder name, got null", e.getMessage());
    }
}
