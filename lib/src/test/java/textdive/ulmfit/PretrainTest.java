package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static textdive.learn.Metrics.accuracy;
import static textdive.learn.Metrics.perplexity;
import static textdive.ulmfit.LMLearner.languageModelLearner;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import textdive.data.TextDataLoaders;
import textdive.models.Pretrained;
import textdive.nn.Rng;
import textdive.testing.DataInTemp;
import textdive.testing.MirrorAssumptions;

/**
 * Notebook 08 and {@code ./textdive pretrain} write the same cache file, so they must train the same forwards model:
 * one that a learner makes by running the notebook, the other by running the command (or a later notebook that finds
 * no cached model). At the {@code ci} scale, in a data folder of its own.
 */
@ExtendWith(DataInTemp.class)
class PretrainTest {
    @Test
    void theCommandCachesTheModelNotebook08Trains() throws IOException {
        MirrorAssumptions.mirrorFolder("ptb");
        UlmfitScale s = UlmfitScale.CI;
        Pretrained command = Pretrain.train(s, false).model();
        assertTrue(Files.isRegularFile(Pretrain.cacheFile(s, false)), "cached under the data folder");

        Pretrained notebook = notebook08(s, true);
        StagesTest.assertSameWeights(notebook.weights(), command.weights(), "stage 1 forwards");

        // without the batch the notebook shows, training sees other batch orders: a different model, so the check above can fail
        Pretrained unshown = notebook08(s, false);
        assertFalse(command.weights().entrySet().stream().allMatch(e -> Arrays.equals(e.getValue().floats(), unshown.weights().get(e.getKey()).floats())));
    }

    /** Notebook 08's cells: the DataLoaders, a batch shown (or not), the seed, the learner, one cycle. */
    private static Pretrained notebook08(UlmfitScale s, boolean showBatch) throws IOException {
        TextDataLoaders dls = Pretrain.dataLoaders(s, false);
        if (showBatch) dls.showBatch(2, 24);
        Rng.seed(42);
        try (LMLearner learn = languageModelLearner(dls, s.lm()).dropMult(s.stage1().dropMult()).metrics(accuracy(), perplexity()).build()) {
            learn.fitOneCycle(s.stage1().epochs(), s.stage1().lr());
            return learn.export("notebook 08");
        }
    }
}
