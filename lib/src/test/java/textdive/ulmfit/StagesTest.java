package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static textdive.learn.Lr.slice;
import static textdive.learn.Metrics.accuracy;
import static textdive.learn.Metrics.perplexity;
import static textdive.ulmfit.LMLearner.languageModelLearner;
import static textdive.ulmfit.Stages.Notebook10Classifier.FORWARDS;
import static textdive.ulmfit.Stages.Notebook10Classifier.IMDB_LM_ONLY;
import static textdive.ulmfit.Stages.Notebook10Classifier.NO_PRETRAINING;
import static textdive.ulmfit.TextClassifierLearner.textClassifierLearner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * recording; and the benchmark's few-labels classifiers must be notebook 10's, or its table and the notebook disagree.
 * At the {@code ci} scale, in a data folder of its own.
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

    @Test
    void theBenchmarksFewLabelsClassifiersAreNotebook10s() throws IOException {
        MirrorAssumptions.mirrorFolder("ptb");
        MirrorAssumptions.mirrorFolder("imdb_subset");
        UlmfitScale s = UlmfitScale.CI;
        var st = s.stage3();
        TextDataLoaders dlsLm = Stages.lmData(s, false);
        Path encoder = Stages.encoder(s, dlsLm, true), scratchEncoder = Stages.encoder(s, dlsLm, false);
        // notebook 10's cells: its loaders, a batch shown, the forwards classifier's four steps, then the two ablations
        TextDataLoaders dlsClas = TextDataLoaders.classifier(Stages.imdb(s)).train("train").valid("test").vocab(dlsLm.vocab())
                .bs(st.bs()).seqLen(st.seqLen()).maxTrain(st.maxTrain()).maxValid(st.maxValid()).build();
        dlsClas.showBatch(3, 30);
        Preds fwd, none, imdbOnly;
        Rng.seed(42);
        try (TextClassifierLearner learn = textClassifierLearner(dlsClas, s.clas()).dropMult(st.dropMult()).seqLen(st.seqLen()).maxLen(st.maxLen()).build()) {
            learn.loadEncoder(encoder);
            learn.fitOneCycle(st.epochs()[0], st.lrs()[0]);
            learn.freezeTo(-2);
            learn.fitOneCycle(st.epochs()[1], slice(st.lrs()[1] / Math.pow(2.6, 4), st.lrs()[1]));
            learn.freezeTo(-3);
            learn.fitOneCycle(st.epochs()[2], slice(st.lrs()[2] / Math.pow(2.6, 4), st.lrs()[2]));
            learn.unfreeze();
            learn.fitOneCycle(st.epochs()[3], slice(st.lrs()[3] / Math.pow(2.6, 4), st.lrs()[3]));
            fwd = learn.getPreds();
            none = Stages.classifier(s, dlsClas, null).getValue();
            imdbOnly = Stages.classifier(s, dlsClas, scratchEncoder).getValue();
        }

        // the benchmark: loaders of its own, nothing shown
        TextDataLoaders bench = Stages.clasData(s, dlsLm, false);
        assertSamePreds(fwd, Stages.classifierAsNotebook10(s, bench, encoder, FORWARDS).getValue(), "forwards");
        assertSamePreds(imdbOnly, Stages.classifierAsNotebook10(s, bench, scratchEncoder, IMDB_LM_ONLY).getValue(), "IMDb language model only");
        assertSamePreds(none, Stages.classifierAsNotebook10(s, bench, null, NO_PRETRAINING).getValue(), "no pretraining");
        assertFalse(Arrays.deepEquals(fwd.probs(), Stages.classifier(s, Stages.clasData(s, dlsLm, false), encoder).getValue().probs()),
                "the forwards classifier from the loader's first shuffle is another model");

        assertEquals("the FORWARDS classifier trains on forwards DataLoaders, not backwards ones",
                assertThrows(IllegalArgumentException.class, () -> Stages.classifierAsNotebook10(s, Stages.clasData(s, dlsLm, true), encoder, FORWARDS)).getMessage());
        assertEquals("the IMDB_LM_ONLY classifier needs an encoder, got none",
                assertThrows(IllegalArgumentException.class, () -> Stages.classifierAsNotebook10(s, bench, null, IMDB_LM_ONLY)).getMessage());
        assertEquals("the NO_PRETRAINING classifier takes no encoder, got " + encoder,
                assertThrows(IllegalArgumentException.class, () -> Stages.classifierAsNotebook10(s, bench, encoder, NO_PRETRAINING)).getMessage());
    }

    @Test
    void withNoFrozenEpochStage2TrainsEveryLayerFromTheStart() throws IOException {
        MirrorAssumptions.mirrorFolder("ptb");
        MirrorAssumptions.mirrorFolder("imdb_subset");
        var ci = UlmfitScale.CI;
        var st = ci.stage2();
        UlmfitScale s = new UlmfitScale("ci-unfrozen", ci.lm(), ci.maxVocab(), ci.stage1(),
                new UlmfitScale.Stage2(st.dataset(), st.folders(), st.maxTokens(), st.bs(), st.seqLen(), st.dropMult(), 0, st.frozenLr(), 1, 5e-3), ci.stage3());
        Pretrained stage1 = Pretrain.cachedOrTrain(ci, false);
        TextDataLoaders lm = Stages.lmData(s, false);
        Rng.seed(42);
        try (LMLearner learn = languageModelLearner(lm, s.lm()).dropMult(st.dropMult()).metrics(accuracy(), perplexity()).pretrained(stage1).build()) {
            learn.unfreeze();
            learn.fitOneCycle(1, 5e-3);
            learn.saveEncoder(Stages.encoderFile(s, false, true));
        }
        var byHand = movedAway(Stages.encoderFile(s, false, true));
        TextDataLoaders again = Stages.lmData(s, false);
        Stages.fineTuneLm(s, again, stage1);
        assertSameWeights(byHand, WeightsFile.load(Stages.encoderFile(s, false, true)).weights(), "no frozen epoch");

        assertEquals("stage 2 needs some epochs and none negative, not frozenEpochs 0 and unfrozenEpochs 0",
                assertThrows(IllegalArgumentException.class, () -> new UlmfitScale.Stage2("IMDB", st.folders(), 1, 1, 1, 0, 0, 1e-2, 0, 1e-3)).getMessage());
        assertEquals("stage 2 needs some epochs and none negative, not frozenEpochs -1 and unfrozenEpochs 2",
                assertThrows(IllegalArgumentException.class, () -> new UlmfitScale.Stage2("IMDB", st.folders(), 1, 1, 1, 0, -1, 1e-2, 2, 1e-3)).getMessage());
    }

    private static void assertSamePreds(Preds expected, Preds actual, String model) {
        assertArrayEquals(expected.targets(), actual.targets(), model + ": targets");
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.probs()[i], actual.probs()[i], model + ": review " + i);
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
