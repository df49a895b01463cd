package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static textdive.learn.Metrics.accuracy;
import static textdive.learn.Metrics.perplexity;
import static textdive.ulmfit.LMLearner.languageModelLearner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import textdive.data.TextDataLoaders;
import textdive.io.torch.TorchTensor;
import textdive.models.Pretrained;
import textdive.models.WeightsFile;
import textdive.nn.Rng;
import textdive.testing.CacheInTemp;
import textdive.testing.DataInTemp;
import textdive.testing.MirrorAssumptions;

/**
 * Notebook 09 caches stage 2's encoders; notebook 10 (through {@link Stages#encoder}) and the benchmark train them when
 * the cache lacks them. Each way must make the same model, or notebook 10 run alone shows other numbers than its
 * recording. At the {@code ci} scale, in a data folder of its own.
 */
@ExtendWith({CacheInTemp.class, DataInTemp.class})
class StagesTest {
    @Test
    void theEncoderTrainedWhenNoneIsCachedIsNotebook09s() throws IOException {
        MirrorAssumptions.mirrorFolder("ptb");
        MirrorAssumptions.mirrorFolder("imdb_subset");
        UlmfitScale s = UlmfitScale.CI;
        var st = s.stage2();
        // notebook 09's cells: its loader, a batch shown, the forwards model, then the model from random weights
        TextDataLoaders dlsLm = TextDataLoaders.languageModel(Stages.imdb(s)).folders(st.folders()).validPct(0.1)
                .bs(st.bs()).seqLen(st.seqLen()).maxVocab(s.maxVocab(), 3).maxTokens(st.maxTokens()).build();
        dlsLm.showBatch(2, 20);
        Pretrained stage1 = Pretrain.cachedOrTrain(s, false);
        Rng.seed(42);
        try (LMLearner learn = languageModelLearner(dlsLm, s.lm()).dropMult(st.dropMult()).pretrained(stage1).metrics(accuracy(), perplexity()).build()) {
            learn.fitOneCycle(1, st.frozenLr());
            learn.unfreeze();
            learn.fitOneCycle(st.unfrozenEpochs(), st.unfrozenLr());
            learn.saveEncoder(Stages.encoderFile(s, false, true));
        }
        Stages.fineTuneLm(s, dlsLm, null);
        var fwd = movedAway(Stages.encoderFile(s, false, true));
        var scratch = movedAway(Stages.encoderFile(s, false, false));

        // notebook 10 run alone: a loader of its own and nothing cached
        TextDataLoaders lm = Stages.lmData(s, false);
        assertSameWeights(fwd, WeightsFile.load(Stages.encoder(s, lm, true)).weights(), "forwards");
        assertSameWeights(scratch, WeightsFile.load(Stages.encoder(s, lm, false)).weights(), "from random weights");
    }

    private static Map<String, TorchTensor> movedAway(Path encoder) throws IOException {
        var w = WeightsFile.load(encoder).weights();
        Files.delete(encoder);
        return w;
    }

    /** Every tensor of {@code actual} equals {@code expected}'s, bit for bit. */
    static void assertSameWeights(Map<String, TorchTensor> expected, Map<String, TorchTensor> actual, String model) {
        assertEquals(expected.keySet(), actual.keySet(), model);
        expected.forEach((name, w) -> assertArrayEquals(w.floats(), actual.get(name).floats(), model + ": " + name + " differs"));
    }
}
