package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import textdive.datasets.DatasetException;
import textdive.io.FileTrees;
import textdive.testing.DataInTemp;
import textdive.testing.MirrorAssumptions;
import textdive.ulmfit.PredsFile;
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

    /**
     * The time-boxed full split keeps each direction's predictions; with {@code --reuse} a run that stopped after the
     * forwards model goes on with the backwards one, reading the forwards predictions instead of training again, and
     * prints what a whole run prints. Predictions from another encoder or other reviews are not read.
     */
    @Test
    void aStoppedFullSplitGoesOnFromTheKeptPredictions() throws IOException {
        List<String[]> first = fullSplit();
        Path fwd = Ulmfit.fullPredsFile(UlmfitScale.CI, false), bwd = Ulmfit.fullPredsFile(UlmfitScale.CI, true);
        assertTrue(Files.isRegularFile(fwd) && Files.isRegularFile(bwd), "each direction's predictions kept");
        assertFalse(row(first, ", forwards (stages 1 + 2)")[0].contains("(cached)"));

        FileTime made = Files.getLastModifiedTime(fwd);
        Files.delete(bwd); // as if the run had stopped during the backwards classifier
        List<String[]> again = fullSplit("--reuse");
        String[] cachedFwd = row(again, ", forwards (stages 1 + 2) (cached)");
        assertEquals(List.of("–", "–"), List.of(cachedFwd[1], cachedFwd[2]), "nothing trained for it");
        assertTrue(cachedFwd[3].startsWith(accuracy(row(first, ", forwards (stages 1 + 2)")) + ", as trained in "), cachedFwd[3]);
        assertEquals(made, Files.getLastModifiedTime(fwd), "the forwards predictions were read, not made again");
        assertEquals(accuracy(row(first, ", backwards")), accuracy(row(again, ", backwards")), "the backwards classifier trained again, as before");
        assertTrue(Files.isRegularFile(bwd));
        assertEquals(row(first, "ensemble (mean of forwards and backwards)")[3], row(again, "ensemble (mean of forwards and backwards)")[3],
                "the ensemble of kept and new predictions is the whole run's");

        PredsFile kept = PredsFile.load(fwd);
        assertEquals(accuracy(row(first, ", forwards (stages 1 + 2)")), String.format(Locale.ROOT, "accuracy %.4f", kept.preds().accuracy()),
                "the file holds the predictions the first run scored");
        assertNotNull(Ulmfit.cachedPreds(fwd, kept.fingerprint()));
        assertNull(Ulmfit.cachedPreds(fwd, "another encoder or other reviews"), "another fingerprint is not answered from the file");
        assertNull(Ulmfit.cachedPreds(fwd.resolveSibling("none.preds"), kept.fingerprint()));
    }

    private static List<String[]> fullSplit(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--scale", "ci", "--splits", "full"));
        args.addAll(List.of(more));
        return BenchOutput.table(BenchOutput.run(Ulmfit::main, args.toArray(String[]::new)), "| ULMFiT, ", 4);
    }

    /** The one row whose first cell ends with {@code what}. */
    private static String[] row(List<String[]> rows, String what) {
        List<String[]> found = rows.stream().filter(r -> r[0].endsWith(what)).toList();
        assertEquals(1, found.size(), what + " in " + rows.stream().map(r -> r[0]).toList());
        return found.get(0);
    }

    /** A classifier row's accuracy, as printed ("accuracy 0.xxxx"). */
    private static String accuracy(String[] row) {
        return row[3].split(",")[0];
    }

    private static void restore(String property, String value) {
        if (value == null) System.clearProperty(property);
        else System.setProperty(property, value);
    }
}
