package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subset rule, and untarData deriving a subset when the mirror lacks it. */
class ImdbSubsetTest {
    @TempDir Path tmp;

    /** A miniature IMDB archive: ids 0..59 in each labelled folder and in unsup, plus fastbook's review. */
    private Path miniImdb() throws Exception {
        Path tgz = Files.createDirectories(tmp.resolve("mirror/imdb")).resolve("imdb.tgz");
        try (var t = new Archives.Tgz(tgz)) {
            t.file("imdb/README", "readme").file("imdb/imdb.vocab", "the\nand\n");
            for (String dir : List.of("train/pos", "train/neg", "test/pos", "test/neg", "unsup")) {
                for (int id = 0; id < 60; id++) t.file("imdb/" + dir + "/" + id + "_" + (dir.equals("unsup") ? 0 : 7) + ".txt", dir + id);
            }
            t.file("imdb/test/neg/11779_4.txt", "the book's example");
        }
        return tgz;
    }

    @Test
    void reviewIdsComeFromFileNames() {
        assertEquals(11779, ImdbSubset.reviewId("11779_4.txt"));
        assertEquals(0, ImdbSubset.reviewId("0_2.txt"));
        assertThrows(IllegalArgumentException.class, () -> ImdbSubset.reviewId("README"));
    }

    @Test
    void untarDataCutsTheSubsetFromImdbWhenTheMirrorLacksIt() throws Exception {
        Path tgz = miniImdb();
        String json = """
            {"datasets": [{
              "name": "IMDB", "folder": "imdb", "url": "imdb",
              "mirror": {"kind": "tgz", "path": "imdb/imdb.tgz", "sha256": "%s"},
              "layout": {"files": ["README"]}
            }, {
              "name": "IMDB_SUBSET", "folder": "imdb_subset", "url": "subset",
              "derive": {"kind": "imdb-subset", "from": "IMDB"},
              "mirror": {"kind": "dir", "path": "imdb_subset", "manifest": "MANIFEST.tsv"},
              "layout": {"files": ["README", "imdb.vocab", "test/neg/11779_4.txt"],
                         "counts": {"train/pos": 3, "train/neg": 3, "test/pos": 3, "test/neg": 4, "unsup": 2}}
            }]}
            """.formatted(Checksums.sha256(tgz));
        UntarData u = new UntarData(new DataSettings(tmp.resolve("cache"), Optional.of(tmp.resolve("mirror")), true),
                Registry.parse(new StringReader(json)), Progress.none());
        Path subset = u.get("subset", false);
        assertEquals(List.of("0_7.txt", "25_7.txt", "50_7.txt"), UntarDataMirrorTest.list(subset.resolve("train/pos")));
        assertEquals(List.of("0_0.txt", "55_0.txt"), UntarDataMirrorTest.list(subset.resolve("unsup")));
        assertEquals("the book's example", Files.readString(subset.resolve("test/neg/11779_4.txt")));
        assertTrue(u.isComplete(Registry.parse(new StringReader(json)).forName("IMDB")), "IMDB itself is cached on the way");
    }
}
