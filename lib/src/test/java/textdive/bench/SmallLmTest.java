package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import textdive.models.WeightsFile;
import textdive.testing.DataInTemp;

/** {@code ./textdive bench small-lm}: what its runs mean, what it refuses, and that a reused model scores as it did. */
class SmallLmTest {
    @RegisterExtension final DataInTemp data = new DataInTemp();

    @Test
    void aRunNamesItsTokensItsStage1AndItsDirection() {
        assertEquals(new SmallLm.Run("9m", 9_000_000, false, false), SmallLm.Run.parse("9m"));
        assertEquals(new SmallLm.Run("3m", 3_000_000, true, true), SmallLm.Run.parse(" S1+3M-bwd "));
        assertEquals(new SmallLm.Run("40k", 40_000, false, true), SmallLm.Run.parse("40k-bwd"));
        assertEquals(SmallLm.Run.parse("s1+9m-bwd"), SmallLm.Run.parse("s1+9m").twin());
        assertEquals(List.of("3m", "s1+3m", "9m", "9m-bwd"), SmallLm.Run.list("3m,s1+3m,9m,9m-bwd").stream().map(SmallLm.Run::name).toList());
    }

    @Test
    void aBadRunOrScaleIsRefusedByName() {
        for (String bad : List.of("9", "9g", "s1+", "m", "0m", "9m-fwd", "s2+9m", ""))
            assertTrue(assertThrows(IllegalArgumentException.class, () -> SmallLm.Run.parse(bad)).getMessage().contains("'" + bad + "'"), bad);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SmallLm.Run.list("9m,3m,9M")).getMessage().contains("'9M' is named twice"));
        var e = assertThrows(IllegalArgumentException.class, () -> SmallLm.main(new String[] {"--scale", "full"}));
        assertTrue(e.getMessage().startsWith("bench small-lm: --scale: ") && e.getMessage().contains("not full"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SmallLm.main(new String[] {"--runs", "9m,nine"}));
        assertTrue(e.getMessage().contains("'nine'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SmallLm.main(new String[] {"--splits", "few,full"}));
        assertTrue(e.getMessage().contains("'full' in 'few,full' is not one of them"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SmallLm.main(new String[] {"--epochs", "2"})).getMessage().contains("unknown option '--epochs'"));
    }

    /**
     * At the ci scale, on the few-labels split only: both directions, each after its stage 1, then their ensemble; run
     * again with {@code --reuse}, the cached encoder is read, neither it nor stage 1 is trained again, and its classifier
     * scores exactly as before; a cached file whose vocab is not these DataLoaders' is trained again, not read.
     */
    @Test
    void bothDirectionsTheirEnsembleAndAReusedModelScoringAsBefore() throws IOException {
        List<String[]> first = table(run("--scale", "ci", "--runs", "s1+20k,s1+20k-bwd", "--splits", "few"));
        assertEquals(List.of("stage 1 forwards: Penn Treebank + WikiText-2, one epoch", "16/24/2, stage 1 + 20K tokens once",
                "stage 1 backwards: Penn Treebank + WikiText-2, one epoch", "16/24/2, stage 1 + 20K tokens once, backwards",
                "16/24/2, stage 1 + 20K tokens once + backwards, ensemble (mean of the two)"), first.stream().map(r -> r[0]).toList());
        Path fwd = data.dir().resolve("models/imdb-lm-ci-small-20k-fwd.encoder");
        assertTrue(Files.isRegularFile(fwd) && Files.isRegularFile(data.dir().resolve("models/imdb-lm-ci-small-20k-bwd.encoder")));
        for (String[] row : first) {
            assertEquals("–", row[5], "IMDB_SAMPLE was not asked for: " + Arrays.toString(row));
            if (row[0].startsWith("stage 1")) continue;
            double acc = Double.parseDouble(row[4]);
            assertTrue(acc >= 0 && acc <= 1, Arrays.toString(row));
        }
        FileTime made = Files.getLastModifiedTime(fwd);
        List<String[]> again = table(run("--scale", "ci", "--runs", "s1+20k", "--splits", "few", "--reuse"));
        assertEquals(1, again.size(), "a cached language model needs no stage 1");
        assertEquals("16/24/2, stage 1 + 20K tokens once (cached)", again.get(0)[0]);
        assertEquals(made, Files.getLastModifiedTime(fwd), "the cached encoder was not trained again");
        assertEquals(first.get(1)[4], again.get(0)[4], "the same encoder, the same classifier");

        WeightsFile w = WeightsFile.load(fwd);
        List<String> otherVocab = new ArrayList<>(w.vocab());
        otherVocab.set(10, "a-word-these-loaders-never-saw");
        new WeightsFile(w.weights(), otherVocab, w.config(), w.backwards(), w.provenance()).save(fwd);
        List<String[]> stale = table(run("--scale", "ci", "--runs", "s1+20k", "--splits", "few", "--reuse"));
        assertEquals(List.of("stage 1 forwards: Penn Treebank + WikiText-2, one epoch (cached)", "16/24/2, stage 1 + 20K tokens once"),
                stale.stream().map(r -> r[0]).toList(), "a stale cached encoder is trained again, from the cached stage 1");
        assertEquals(WeightsFile.load(data.dir().resolve("models/imdb-lm-ci-small-20k-bwd.encoder")).vocab(), WeightsFile.load(fwd).vocab(),
                "the retrained encoder has the DataLoaders' vocab again");
        assertEquals(first.get(1)[4], stale.get(1)[4], "trained again from the same stage 1, the same classifier");
    }

    private static String run(String... args) throws IOException {
        return BenchOutput.run(SmallLm::main, args);
    }

    /** The printed table's rows, each split into its six cells. */
    private static List<String[]> table(String out) {
        return BenchOutput.table(out, "| small language model", 6);
    }
}
