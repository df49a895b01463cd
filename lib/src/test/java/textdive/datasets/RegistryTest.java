package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import textdive.testing.MirrorAssumptions;

class RegistryTest {

    @Test
    void everyUrlsConstantIsRegisteredUnderItsOwnName() throws Exception {
        List<String> names = new ArrayList<>();
        for (Field f : URLs.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            Dataset d = Registry.standard().forUrl((String) f.get(null));
            assertEquals(f.getName(), d.name());
            names.add(f.getName());
        }
        assertEquals(names.size(), Registry.standard().all().size(), "every registry entry has a URLs constant");
        assertEquals(List.of("HUMAN_NUMBERS", "IMDB", "IMDB_SAMPLE", "IMDB_SUBSET", "PTB", "WIKITEXT2", "WT103_BWD", "WT103_FWD"),
                names.stream().sorted().toList());
    }

    /** fastai publishes no checksum for its pretrained models: such an entry must bound the download and say how it is checked. */
    @Test
    void aDownloadWithoutChecksumMustSayHowItIsTrustedAndBeBounded() {
        String base = "{\"datasets\": [{\"name\": \"M\", \"folder\": \"m\", \"url\": \"https://x/m.tgz\", \"layout\": {\"files\": []},"
                + " \"download\": {\"kind\": \"tgz\", \"url\": \"https://x/m.tgz\"%s}}]}";
        var bare = Assertions.assertThrows(IllegalStateException.class, () -> Registry.parse(new StringReader(String.format(base, ""))));
        Assertions.assertTrue(bare.getMessage().contains("no size or checksum"), bare.getMessage());
        var unbounded = Assertions.assertThrows(IllegalStateException.class,
                () -> Registry.parse(new StringReader(String.format(base, ", \"trust\": \"read by a restricted loader\""))));
        Assertions.assertTrue(unbounded.getMessage().contains("maxSize"), unbounded.getMessage());
        Registry.parse(new StringReader(String.format(base, ", \"trust\": \"read by a restricted loader\", \"maxSize\": 1000")));
        var wt103 = Registry.standard().forUrl(URLs.WT103_FWD).download();
        Assertions.assertTrue(wt103.acceptsUnverified() && wt103.maxSize() != null);
    }

    @Test
    void everyEntryHasProvenanceAndACard() {
        Path repoDatasets = Path.of(System.getProperty("user.dir")).resolve("../datasets").normalize();
        for (Dataset d : Registry.standard().all()) {
            assertNotNull(d.licence(), d.name());
            assertNotNull(d.citation(), d.name());
            assertNotNull(d.description(), d.name());
            assertTrue(Files.isRegularFile(repoDatasets.resolve(d.card())), d.name() + ": card " + d.card());
        }
    }

    /** The registry's mirror checksums are the mirror's real files (the README's values). */
    @Test
    void mirrorChecksumsInTheRegistryMatchTheMirror() {
        Path mirror = MirrorAssumptions.mirror();
        int checked = 0;
        for (Dataset d : Registry.standard().all()) {
            Dataset.Source m = d.mirror();
            if (m == null) continue;
            Path p = mirror.resolve(m.path());
            if (m.isArchive()) {
                Checksums.verify(p, m.expected(), d.name());
                checked++;
            }
            if (m.files() != null) {
                for (Dataset.FileSpec f : m.files()) {
                    Checksums.verify(p.resolve(f.name()), f.expected(), d.name());
                    checked++;
                }
            }
        }
        assertEquals(9, checked);
    }

    @Test
    void humanNumbersDownloadIsTheMirrorsArchiveByFastaisMd5() {
        Dataset d = Registry.standard().forName("HUMAN_NUMBERS");
        Path tgz = MirrorAssumptions.mirror().resolve(d.mirror().path());
        assertEquals(d.download().md5(), Checksums.md5(tgz), "fastai's checks.txt md5");
        assertEquals(d.download().sha256(), d.mirror().sha256());
    }

    @Test
    void malformedRegistriesAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> Registry.parse(new StringReader("{\"datasets\": [")));
        assertThrows(IllegalArgumentException.class, () -> Registry.parse(new StringReader("{}")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Registry.parse(new StringReader(
                "{\"datasets\": [{\"name\": \"X\", \"url\": \"u\", \"folder\": \"../x\", \"layout\": {}}]}")));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }

    private static final String SHA = "a".repeat(64);

    /** One entry with {@code fields} replacing its download (a valid one unless given). */
    private static String entry(String name, String folder, String url, String fields) {
        return "{\"name\": \"" + name + "\", \"folder\": \"" + folder + "\", \"url\": \"" + url + "\", \"layout\": {\"files\": [\"a.txt\"]}, "
                + fields + "}";
    }

    private static String refused(String json) {
        return assertThrows(RuntimeException.class, () -> Registry.parse(new StringReader("{\"datasets\": [" + json + "]}"))).getMessage();
    }

    private static String refusedDownload(String download) {
        return refused(entry("N", "n", "http://x/n.tgz", "\"download\": " + download));
    }

    @Test
    void badValuesAreRefusedWhenTheRegistryIsReadNamingTheEntryAndField() {
        String ok = "{\"kind\": \"tgz\", \"url\": \"http://x/n.tgz\", \"size\": 10, \"sha256\": \"" + SHA + "\"}";
        Registry.parse(new StringReader("{\"datasets\": [" + entry("N", "n", "http://x/n.tgz", "\"download\": " + ok) + "]}"));
        // each of these used to be accepted, and failed later (NPE, IllegalArgumentException from the HTTP client) or never
        assertEquals("registry entry N: download.sha256 must be 64 hex digits, not 'abc'", refusedDownload(ok.replace(SHA, "abc")));
        assertEquals("registry entry N: download.sha256 must be 64 hex digits, not '" + "z".repeat(64) + "'", refusedDownload(ok.replace(SHA, "z".repeat(64))));
        assertEquals("registry entry N: download.md5 must be 32 hex digits, not 'xyz'", refusedDownload(ok.replace("\"size\"", "\"md5\": \"xyz\", \"size\"")));
        assertEquals("registry entry N: download.size must not be negative: -5", refusedDownload(ok.replace("10", "-5")));
        assertEquals("registry entry N: download.url must be an http(s) URL, not 'ftp://x/n.tgz'", refusedDownload(ok.replace("http://x/n.tgz", "ftp://x/n.tgz")));
        assertEquals("registry entry N: download.url must be an http(s) URL, not 'http://x/a b.tgz'", refusedDownload(ok.replace("http://x/n.tgz", "http://x/a b.tgz")));
        assertEquals("registry entry N: download has no url", refusedDownload(ok.replace("\"url\": \"http://x/n.tgz\", ", "")));
        assertEquals("registry entry N: download.kind must be one of [tgz, zip, files], not null", refusedDownload(ok.replace("\"kind\": \"tgz\", ", "")));
        assertEquals("registry entry N: download of kind files lists no files", refusedDownload("{\"kind\": \"files\", \"url\": \"http://x/\"}"));
        assertEquals("registry entry N: download.files must be a relative path inside its folder, not '../evil'",
                refusedDownload("{\"kind\": \"files\", \"url\": \"http://x/\", \"files\": [{\"name\": \"../evil\", \"size\": 1}]}"));
        assertEquals("registry entry #1 is null", refused("null"));
        assertEquals("registry entry N: folder must be a plain name, not ''", refused(entry("N", "", "u", "\"download\": " + ok)));
        assertEquals("registry entry N: mirror has no path", refused(entry("N", "n", "u", "\"mirror\": {\"kind\": \"tgz\", \"size\": 1}")));
        assertEquals("registry entry N: mirror.path must be a relative path inside its folder, not '/etc/passwd'",
                refused(entry("N", "n", "u", "\"mirror\": {\"kind\": \"tgz\", \"path\": \"/etc/passwd\", \"size\": 1}")));
        assertEquals("registry entry N: mirror.path must be a relative path inside its folder, not 'a/../../x.tgz'",
                refused(entry("N", "n", "u", "\"mirror\": {\"kind\": \"tgz\", \"path\": \"a/../../x.tgz\", \"size\": 1}")));
        assertEquals("registry entry N: the mirror's archive states no size or checksum",
                refused(entry("N", "n", "u", "\"mirror\": {\"kind\": \"tgz\", \"path\": \"x.tgz\"}")));
        assertEquals("registry entry N: a mirrored folder needs a manifest or files to check it by",
                refused(entry("N", "n", "u", "\"mirror\": {\"kind\": \"dir\", \"path\": \"x\"}")));
        assertEquals("registry entry N: layout.counts of x must be a count, not null",
                refused(entry("N", "n", "u", "\"download\": " + ok).replace("\"files\": [\"a.txt\"]", "\"counts\": {\"x\": null}")));
        assertTrue(refusedDownload(ok.replace("10", "1.5")).contains("Expected a long but was 1.5"), "a fraction is not truncated to a size");
    }

    @Test
    void aMisspeltFieldIsRefusedNotIgnored() {
        String m = refusedDownload("{\"kind\": \"tgz\", \"url\": \"http://x/n.tgz\", \"size\": 10, \"sha265\": \"" + SHA + "\"}");
        assertTrue(m.startsWith("dataset registry: unknown field 'sha265' at $.datasets[0].download; known: kind, url, path, size, sha256, md5,"), m);
    }

    @Test
    void twoEntriesInOneFolderAndDerivationCyclesAreRefused() {
        String dl = "\"download\": {\"kind\": \"tgz\", \"url\": \"http://x/n.tgz\", \"size\": 10}";
        assertEquals("registry: A and B share the folder n",
                refused(entry("A", "n", "http://x/a", dl) + ", " + entry("B", "n", "http://x/b", dl)));
        assertEquals("registry entry A: derive.from must name another dataset, not A",
                refused(entry("A", "a", "a", "\"derive\": {\"kind\": \"imdb-subset\", \"from\": \"A\"}")));
        assertEquals("registry entry A: derived in a cycle A <- B <- A",
                refused(entry("A", "a", "a", "\"derive\": {\"kind\": \"imdb-subset\", \"from\": \"B\"}") + ", "
                        + entry("B", "b", "b", "\"derive\": {\"kind\": \"imdb-subset\", \"from\": \"A\"}")));
        assertEquals("registry entry A: derive.from names no dataset: Q",
                refused(entry("A", "a", "a", "\"derive\": {\"kind\": \"imdb-subset\", \"from\": \"Q\"}")));
    }
}
