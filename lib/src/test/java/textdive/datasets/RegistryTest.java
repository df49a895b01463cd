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
import org.junit.jupiter.api.Test;

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
        var bare = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Registry.parse(new java.io.StringReader(String.format(base, ""))));
        org.junit.jupiter.api.Assertions.assertTrue(bare.getMessage().contains("no size or checksum"), bare.getMessage());
        var unbounded = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Registry.parse(new java.io.StringReader(String.format(base, ", \"trust\": \"read by a restricted loader\""))));
        org.junit.jupiter.api.Assertions.assertTrue(unbounded.getMessage().contains("maxSize"), unbounded.getMessage());
        Registry.parse(new java.io.StringReader(String.format(base, ", \"trust\": \"read by a restricted loader\", \"maxSize\": 1000")));
        var wt103 = Registry.standard().forUrl(URLs.WT103_FWD).download();
        org.junit.jupiter.api.Assertions.assertTrue(wt103.acceptsUnverified() && wt103.maxSize() != null);
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
}
