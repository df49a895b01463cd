package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import textdive.datasets.DatasetException;
import textdive.io.FileTrees;
import textdive.testing.DataInTemp;
import textdive.testing.MirrorAssumptions;
import textdive.ulmfit.UlmfitScale;

/** {@code ./textdive bench ulmfit} runs for an hour or more: what it needs must be checked before it starts training. */
class UlmfitTest {
    @RegisterExtension final DataInTemp data = new DataInTemp();
    @TempDir Path mirror;

    /** A later split's dataset missing used to fail 34 minutes in, after the few-labels split had trained. */
    @Test
    void aSplitWhoseDatasetIsMissingFailsBeforeAnythingTrains() throws IOException {
        FileTrees.copyTree(MirrorAssumptions.mirrorFolder("imdb_subset"), mirror.resolve("imdb_subset"), f -> true);
        String mirrorBefore = System.getProperty("textdive.mirror"), offlineBefore = System.getProperty("textdive.offline");
        System.setProperty("textdive.mirror", mirror.toString()); // the ci scale's IMDb is there, IMDB_SAMPLE is not
        System.setProperty("textdive.offline", "1");
        try {
            var e = assertThrows(DatasetException.class, () -> Ulmfit.main(new String[] {"--scale", "ci", "--splits", "few,sample"}));
            assertTrue(e.getMessage().startsWith("Dataset IMDB_SAMPLE "), e.getMessage());
            assertEquals(Ulmfit.dataset(UlmfitScale.CI, "few"), data.dir().resolve("imdb_subset"), "the first split's dataset was found");
            assertFalse(Files.exists(data.dir().resolve("models")), "no model was trained or cached");
        } finally {
            restore("textdive.mirror", mirrorBefore);
            restore("textdive.offline", offlineBefore);
        }
    }

    /** The full split alone once trained the few-labels ablation's language model too, about 17 minutes it never read. */
    @Test
    void aRunTrainsOnlyTheModelsItsSplitsRead() {
        assertEquals(new Ulmfit.Models(true, true), Ulmfit.Models.neededBy(UlmfitScale.CPU, List.of("few")));
        assertEquals(new Ulmfit.Models(true, true), Ulmfit.Models.neededBy(UlmfitScale.CPU, List.of("sample", "few")));
        assertEquals(new Ulmfit.Models(true, false), Ulmfit.Models.neededBy(UlmfitScale.CPU, List.of("full")), "the time-boxed full split's ensemble");
        assertEquals(new Ulmfit.Models(false, false), Ulmfit.Models.neededBy(UlmfitScale.CPU, List.of("sample", "subset")));
        assertEquals(new Ulmfit.Models(false, false), Ulmfit.Models.neededBy(UlmfitScale.FULL, List.of("full")), "the book's full split trains forwards only");
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }
}
