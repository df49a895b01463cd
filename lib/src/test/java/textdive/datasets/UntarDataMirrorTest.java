package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.MirrorAssumptions;

/** untarData from the offline mirror into a fresh cache, with downloads switched off. */
class UntarDataMirrorTest {
    @TempDir Path cache;

    private UntarData untar() {
        DataSettings s = new DataSettings(cache, Optional.of(MirrorAssumptions.mirror()), true);
        return new UntarData(s, Registry.standard(), Progress.none());
    }

    @Test
    void humanNumbersComesOutOfTheMirroredTgz() throws Exception {
        Path path = untar().get(URLs.HUMAN_NUMBERS, false);
        assertEquals(cache.resolve("human_numbers"), path);
        assertEquals(List.of("train.txt", "valid.txt"), list(path));
        assertEquals("194a5defcc1e77a1697d94422744f1b8552ddf5ad7f31e9c84cc1956014c16bf", Checksums.sha256(path.resolve("train.txt")));
        assertEquals(7999, Files.readAllLines(path.resolve("train.txt")).size());
        assertTrue(Files.isRegularFile(cache.resolve(".human_numbers.complete")));
        assertEquals(List.of(".human_numbers.complete", ".human_numbers.lock", "human_numbers"), list(cache),
                "no temporary folder is left in the cache");
    }

    @Test
    void imdbSampleIsAPlainFileInTheMirror() throws Exception {
        Path path = untar().get(URLs.IMDB_SAMPLE, false);
        assertEquals(List.of("texts.csv"), list(path));
        assertEquals(1001, Files.readAllLines(path.resolve("texts.csv")).size());
        assertEquals("label,text,is_valid", Files.readAllLines(path.resolve("texts.csv")).get(0));
    }

    @Test
    void aSecondCallReusesTheCacheWithoutExtractingAgain() throws Exception {
        UntarData u = untar();
        Path first = u.get(URLs.HUMAN_NUMBERS, false);
        Path train = first.resolve("train.txt");
        var stamp = Files.getLastModifiedTime(train);
        var key = Files.readAttributes(train, BasicFileAttributes.class).fileKey();
        Files.writeString(first.resolve("note.txt"), "kept");
        Path second = u.get(URLs.HUMAN_NUMBERS, false);
        assertEquals(first, second);
        assertTrue(Files.exists(second.resolve("note.txt")), "the cached folder was kept, not rebuilt");
        assertEquals(key, Files.readAttributes(train, BasicFileAttributes.class).fileKey());
        assertEquals(stamp, Files.getLastModifiedTime(train));

        // a complete dataset is served without writing anything (so a read-only cache works): no lock file
        Files.delete(cache.resolve(".human_numbers.lock"));
        assertEquals(first, u.get(URLs.HUMAN_NUMBERS, false));
        assertFalse(Files.exists(cache.resolve(".human_numbers.lock")));

        Path forced = u.get(URLs.HUMAN_NUMBERS, true);
        assertFalse(Files.exists(forced.resolve("note.txt")), "force rebuilds the folder");
    }

    @Test
    void aFolderWithoutItsMarkerIsRebuilt() throws Exception {
        Path stale = Files.createDirectories(cache.resolve("human_numbers"));
        Files.writeString(stale.resolve("train.txt"), "half written");
        Path path = untar().get(URLs.HUMAN_NUMBERS, false);
        assertEquals(7999, Files.readAllLines(path.resolve("train.txt")).size());
    }

    @Test
    void ptbComesOutOfTheMirroredZipWithoutMacMetadata() throws Exception {
        Path path = untar().get(URLs.PTB, false);
        assertEquals(List.of("ptb.test.txt", "ptb.train.txt", "ptb.valid.txt"), list(path));
        assertEquals("fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf", Checksums.sha256(path.resolve("ptb.train.txt")));
    }

    @Test
    void wikitext2HasValidAndTest() throws Exception {
        Path path = untar().get(URLs.WIKITEXT2, false);
        assertEquals(List.of("README", "test.txt", "valid.txt"), list(path));
        assertEquals(3760, Files.readAllLines(path.resolve("valid.txt")).size());
    }

    @Test
    void imdbSubsetIsCopiedAndCheckedAgainstItsManifest() throws Exception {
        Path path = untar().get(URLs.IMDB_SUBSET, false);
        assertEquals(List.of("README", "imdb.vocab", "test", "train", "unsup"), list(path), "MANIFEST.tsv is not copied");
        assertEquals(List.of("neg", "pos"), list(path.resolve("train")));
        assertEquals(501, list(path.resolve("test/neg")).size());
        assertTrue(Files.isRegularFile(path.resolve("test/neg/11779_4.txt")), "fastbook's example review");
    }

    static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
