package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static textdive.ulmfit.LMLearner.languageModelLearner;
import static textdive.ulmfit.TextClassifierLearner.textClassifierLearner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import textdive.data.SortedDL;
import textdive.data.TextDataLoaders;
import textdive.learn.Lr;
import textdive.models.AwdLstm;
import textdive.models.Pretrained;
import textdive.nn.Rng;

/** text_classifier_learner end to end on small folders: encoder transfer, long texts, predictions, ensembles, the Tribuo baseline. */
class TextClassifierLearnerTest {
    private static final AwdLstm.Config TINY = AwdLstm.Config.CLAS.withSizes(8, 12, 2);

    @TempDir
    Path tmp;

    private static final String[] GOOD = {"great", "wonderful", "loved", "superb", "fun", "moving"};
    private static final String[] BAD = {"awful", "boring", "hated", "dull", "poor", "terrible"};

    /** Reviews in fastai's IMDb layout; {@code longEvery} makes every so many reviews long (several chunks). */
    private Path reviews(String name, List<String> classes, int perClass, int longEvery) throws IOException {
        Path root = tmp.resolve(name);
        Random r = new Random(5);
        for (String split : List.of("train", "test", "unsup")) {
            for (String cls : split.equals("unsup") ? List.of("") : classes) {
                Path dir = root.resolve(split).resolve(cls);
                Files.createDirectories(dir);
                for (int i = 0; i < perClass; i++) {
                    StringBuilder sb = new StringBuilder("This movie was ");
                    int words = (longEvery > 0 && i % longEvery == 0) ? 60 : 6;
                    for (int k = 0; k < words; k++) {
                        String[] pool = cls.equals("pos") ? GOOD : cls.equals("neg") ? BAD : r.nextBoolean() ? GOOD : BAD;
                        sb.append(pool[r.nextInt(pool.length)]).append(k % 5 == 4 ? ". The film was " : " and ");
                    }
                    Files.writeString(dir.resolve(i + ".txt"), sb.append("really.").toString());
                }
            }
        }
        return root;
    }

    private TextDataLoaders clasDls(Path root, TextDataLoaders lm, boolean backwards) throws IOException {
        return TextDataLoaders.classifier(root).train("train").valid("test").vocab(lm.vocab()).bs(8).seqLen(8).backwards(backwards).build();
    }

    private TextDataLoaders lmDls(Path root, boolean backwards) throws IOException {
        return TextDataLoaders.languageModel(root).folders("train", "test", "unsup").validPct(0.1).bs(4).seqLen(8).maxVocab(1000, 1).backwards(backwards).build();
    }

    private TextClassifierLearner classifier(TextDataLoaders dls) {
        TextClassifierLearner l = textClassifierLearner(dls, TINY).dropMult(0.5).seqLen(8).maxLen(16).build();
        l.recorder().silent(true);
        return l;
    }

    @Test
    void theFineTunedEncoderTransfersAndGradualUnfreezingTrains() throws IOException {
        Rng.seed(1);
        Path root = reviews("imdb", List.of("neg", "pos"), 24, 4);
        TextDataLoaders lm = lmDls(root, false);
        Path enc = tmp.resolve("enc.weights");
        try (LMLearner lml = languageModelLearner(lm, AwdLstm.Config.LM.withSizes(8, 12, 2)).dropMult(0.3).build()) {
            lml.recorder().silent(true);
            lml.fitOneCycle(1, 1e-2);
            lml.saveEncoder(enc);
        }
        TextDataLoaders dls = clasDls(root, lm, false);
        assertEquals(List.of("neg", "pos"), dls.classes());
        try (TextClassifierLearner learn = classifier(dls)) {
            learn.loadEncoder(enc);
            assertEquals(List.of(true, true, true, false), learn.opt().groups().stream().map(g -> g.frozen()).toList(), "load_encoder freezes all but the head");
            double before = learn.validate()[0];
            // the book's stages, with rates for a model this small
            learn.fitOneCycle(2, 5e-2);
            learn.freezeTo(-2);
            learn.fitOneCycle(1, Lr.slice(5e-2 / Math.pow(2.6, 4), 5e-2));
            learn.freezeTo(-3);
            learn.fitOneCycle(1, Lr.slice(3e-2 / Math.pow(2.6, 4), 3e-2));
            learn.unfreeze();
            learn.fitOneCycle(8, 3e-2);
            double[] v = learn.validate();
            assertTrue(v[0] < before, "validation loss " + before + " -> " + v[0]);
            assertTrue(v[1] > 0.8, "accuracy " + v[1] + " on reviews a word decides");
            // every review with more chunks than the encoder keeps went through the prefix program, shorter batches were
            // padded to the kept 2 chunks' graph sizes (1 or 2), and the training loader dropped its last batch: for each
            // of the 4 frozen states (each in a new graph) at most 2 training graphs, 2 evaluation graphs and a prefix
            // program each for training and evaluation
            assertTrue(learn.numGraphs() <= 4 * (2 + 2 + 2), learn.numGraphs() + " graphs");
        }
    }

    @Test
    void predictionsEnsemblesAndASavedLearner() throws IOException {
        Rng.seed(2);
        Path root = reviews("imdb", List.of("neg", "pos"), 16, 0);
        TextDataLoaders lm = lmDls(root, false);
        TextDataLoaders fwd = clasDls(root, lm, false), bwd = clasDls(root, lm, true);
        Path file = tmp.resolve("clas.ckpt");
        Preds pf, pb;
        TextClassifierLearner.Prediction said;
        try (TextClassifierLearner a = classifier(fwd)) {
            a.fitOneCycle(3, 3e-2);
            pf = a.getPreds();
            said = a.predict("This movie was wonderful and superb, I loved it.");
            a.save(file);
        }
        try (TextClassifierLearner b = classifier(bwd)) {
            b.fitOneCycle(3, 3e-2);
            pb = b.getPreds();
        }
        assertEquals(32, pf.size());
        for (double[] p : pf.probs()) assertEquals(1.0, p[0] + p[1], 1e-9, "probabilities");
        assertArrayEquals(pf.targets(), pb.targets(), "both models' predictions are in the set's own order");
        Preds ens = Preds.ensemble(pf, pb);
        for (int i = 0; i < ens.size(); i++) {
            for (int c = 0; c < 2; c++) assertEquals((pf.probs()[i][c] + pb.probs()[i][c]) / 2, ens.probs()[i][c], 1e-15);
        }
        assertEquals(2, said.probs().size());
        assertEquals(1.0, said.probs().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        // a reloaded learner predicts the same probabilities
        Rng.seed(9);
        try (TextClassifierLearner again = classifier(fwd)) {
            again.load(file);
            var back = again.predict("This movie was wonderful and superb, I loved it.");
            assertEquals(said.label(), back.label());
            for (String c : said.probs().keySet()) assertEquals(said.probs().get(c), back.probs().get(c), 1e-6);
            // a review of only unknown words still gets a prediction
            var unknown = again.predict("zzyzx qwrtp blorf");
            assertEquals(1.0, unknown.probs().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            var empty = assertThrows(IllegalArgumentException.class, () -> again.predict("   "));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            // the same reviews in validation batches of 32 instead of 8: the same predictions, in the same order
            TextDataLoaders wide = TextDataLoaders.classifier(root).train("train").valid("test").vocab(lm.vocab()).bs(8).valBs(32).seqLen(8).build();
            assertEquals(32, wide.valid().iterator().next().size(), "one validation batch of 32");
            assertEquals(8, wide.train().iterator().next().size(), "training batches keep bs");
            Preds w = again.getPreds(wide.valid());
            assertArrayEquals(pf.targets(), w.targets());
            for (int i = 0; i < w.size(); i++) assertArrayEquals(pf.probs()[i], w.probs()[i], 1e-6, "review " + i);
        }
        var report = ClassifierReport.of("forward", pf);
        assertEquals(pf.accuracy(), report.accuracy(), 1e-12, "Tribuo's accuracy is ours");
        assertEquals(32, report.confusionMatrix().support(), 0);
    }

    @Test
    void aThirdLabelFolderIsAThirdClass() throws IOException {
        Rng.seed(3);
        Path root = reviews("three", List.of("neg", "pos", "mixed"), 8, 0);
        TextDataLoaders lm = lmDls(root, false);
        TextDataLoaders dls = clasDls(root, lm, false);
        assertEquals(List.of("mixed", "neg", "pos"), dls.classes());
        try (TextClassifierLearner learn = classifier(dls)) {
            learn.fitOneCycle(1, 1e-2);
            assertEquals(3, learn.predict("This movie was great").probs().size());
        }
    }

    @Test
    void anEncoderWithAnotherVocabIsRefused() throws IOException {
        Rng.seed(4);
        Path root = reviews("imdb", List.of("neg", "pos"), 8, 0);
        TextDataLoaders lm = lmDls(root, false);
        Path enc = tmp.resolve("enc.weights");
        try (LMLearner lml = languageModelLearner(lm, AwdLstm.Config.LM.withSizes(8, 12, 2)).build()) {
            lml.saveEncoder(enc);
        }
        assertTrue(lm.vocab().size() > 16);
        TextDataLoaders smallVocab = TextDataLoaders.languageModel(root).folders("train").validPct(0.2).bs(4).seqLen(8).maxVocab(16, 1).build();
        TextDataLoaders ownVocab = TextDataLoaders.classifier(root).train("train").valid("test").vocab(smallVocab.vocab()).bs(8).seqLen(8).build();
        try (TextClassifierLearner learn = classifier(ownVocab)) {
            var e = assertThrows(IllegalArgumentException.class, () -> learn.loadEncoder(enc));
            assertTrue(e.getMessage().contains("vocab(dlsLm.vocab())"), e.getMessage());
        }
        Files.writeString(root.resolve("train").resolve("pos").resolve("empty.txt"), "");
        var empty = assertThrows(IllegalArgumentException.class, () -> clasDls(root, lm, false));
        assertTrue(empty.getMessage().contains("empty.txt"), empty.getMessage());
    }

    @Test
    void aPretrainedModelOfOtherSizesOrTheOtherDirectionIsRefusedByName() throws IOException {
        Rng.seed(6);
        Path root = reviews("imdb", List.of("neg", "pos"), 8, 0);
        TextDataLoaders lm = lmDls(root, false);
        Pretrained p;
        try (LMLearner lml = languageModelLearner(lm, AwdLstm.Config.LM.withSizes(8, 12, 2)).build()) {
            p = lml.export("tiny forwards LM");
        }
        var sizes = assertThrows(IllegalArgumentException.class,
                () -> textClassifierLearner(clasDls(root, lm, false), AwdLstm.Config.CLAS.withSizes(8, 16, 2)).pretrained(p).build());
        assertTrue(sizes.getMessage().contains("hidden 12") && sizes.getMessage().contains("asks for 8, 16, 2"), sizes.getMessage());
        var direction = assertThrows(IllegalArgumentException.class,
                () -> textClassifierLearner(clasDls(root, lm, true), TINY).pretrained(p).build());
        assertTrue(direction.getMessage().contains("reads text forwards but the DataLoaders are backwards"), direction.getMessage());
        try (TextClassifierLearner fits = textClassifierLearner(clasDls(root, lm, false), TINY).pretrained(p).build()) {
            assertEquals(List.of("neg", "pos"), fits.classes());
        }
    }

    @Test
    void theTribuoBaselineLearnsAndItsModelRoundTripsThroughProtobuf() throws IOException {
        Path root = reviews("imdb", List.of("neg", "pos"), 30, 0);
        TextDataLoaders dls = clasDls(root, lmDls(root, false), false);
        BagOfWordsBaseline.Result r = new BagOfWordsBaseline().fit(dls);
        assertTrue(r.preds().accuracy() > 0.9, "a word decides each review: " + r.preds().accuracy());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        r.model().serializeToStream(buf);
        @SuppressWarnings("unchecked")
        Model<Label> back = (Model<Label>) Model.deserializeFromStream(new ByteArrayInputStream(buf.toByteArray()));
        var valid = (SortedDL) dls.valid();
        for (int i = 0; i < valid.numItems(); i++) {
            var ex = r.features(valid.docs().get(i), dls.vocab().vocab(), new Label(dls.classes().get(valid.labels()[i])));
            var ex2 = r.features(valid.docs().get(i), dls.vocab().vocab(), new Label(dls.classes().get(valid.labels()[i])));
            Prediction<Label> p = r.model().predict(ex), q = back.predict(ex2);
            assertEquals(p.getOutput().getLabel(), q.getOutput().getLabel());
            assertEquals(p.getOutput().getScore(), q.getOutput().getScore(), 1e-12, "the deserialized model predicts the same");
            assertEquals(r.preds().probs()[i][dls.classes().indexOf(p.getOutput().getLabel())], p.getOutput().getScore(), 1e-12);
        }
        assertTrue(r.report("baseline").table().rowCount() == 3);
        Map<String, Double> f1 = Map.of("neg", r.report("b").f1("neg"), "pos", r.report("b").f1("pos"));
        assertTrue(f1.values().stream().allMatch(v -> v > 0.8), f1.toString());
    }
}
