package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static textdive.ulmfit.LMLearner.languageModelLearner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.data.Batch;
import textdive.data.TextDataLoaders;
import textdive.learn.Metrics;
import textdive.models.AwdLstm;
import textdive.models.Pretrained;
import textdive.models.WeightsFile;
import textdive.nn.Parameter;
import textdive.nn.Rng;
import textdive.text.DecodeSpecTokens;

/** language_model_learner on a small folder of texts: layer groups, freezing, generation, save/load, encoders, backwards text. */
class LMLearnerTest {
    private static final AwdLstm.Config TINY = AwdLstm.Config.LM.withSizes(8, 12, 2);

    @TempDir
    Path tmp;

    /** 60 short reviews in fastai's IMDb layout, from a few sentences. */
    private Path corpus() throws IOException {
        String[] sentences = {"This movie was great and the actors were good.", "I liked this movie because the story was good.",
                "The film was bad and the plot was boring.", "A GREAT film with a good story.", "The actors were bad, the movie was boring!"};
        Path root = tmp.resolve("reviews");
        for (String split : List.of("train", "unsup")) {
            Files.createDirectories(root.resolve(split));
            for (int i = 0; i < 30; i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < 4; k++) sb.append(sentences[(i + k * 3) % sentences.length]).append(' ');
                Files.writeString(root.resolve(split).resolve(i + ".txt"), sb.toString().trim());
            }
        }
        return root;
    }

    private TextDataLoaders dls(boolean backwards) throws IOException {
        return TextDataLoaders.languageModel(corpus()).folders("train", "unsup").validPct(0.2).bs(4).seqLen(10).maxVocab(1000, 1)
                .backwards(backwards).build();
    }

    private LMLearner learner(TextDataLoaders dls) {
        LMLearner l = languageModelLearner(dls, TINY).dropMult(0.3).metrics(Metrics.accuracy(), Metrics.perplexity()).build();
        l.recorder().silent(true);
        return l;
    }

    @Test
    void theCpuAndCiLanguageModelsNeverReadATestReviewTheBooksDoes() throws IOException {
        Path root = corpus();
        Files.createDirectories(root.resolve("test"));
        for (int i = 0; i < 30; i++) Files.writeString(root.resolve("test").resolve(i + ".txt"), "A scored review, zzheldout and zzheldout again.");
        for (UlmfitScale s : List.of(UlmfitScale.CPU, UlmfitScale.CI, UlmfitScale.FULL)) {
            TextDataLoaders lm = Stages.lmDataBuilder(s, root, false).validPct(0.2).bs(4).seqLen(10).maxVocab(1000, 1).build();
            assertEquals(s == UlmfitScale.FULL, lm.vocab().vocab().contains("zzheldout"), s.name() + " scale reads " + s.stage2().folders());
        }
    }

    @Test
    void decodeSpecTokensRebuildsTheBooksGeneratedText() {
        List<String> tokens = new ArrayList<>(List.of("xxbos", "i", "liked", "this", "movie", "because", "of", "its", "story", "and", "characters", ".",
                "xxmaj", "the", "story", "line", "was", "very", "strong", ",", "very", "good", "for", "a", "sci", "-", "fi", "film", ".",
                "xxmaj", "the", "main", "character", ",", "xxmaj", "alucard", ",", "was", "very", "well", "developed", "and", "brought", "the", "whole", "story"));
        tokens.remove(0);
        assertEquals("i liked this movie because of its story and characters . The story line was very strong , very good for a sci - fi film ."
                + " The main character , Alucard , was very well developed and brought the whole story", String.join(" ", DecodeSpecTokens.decodeSpecTokens(tokens)));
        assertEquals(List.of("TEXT"), DecodeSpecTokens.decodeSpecTokens(List.of("xxup", "text")));
        assertEquals(List.of("aaa", "b"), DecodeSpecTokens.decodeSpecTokens(List.of("xxrep", "3", "a", "b")));
        assertEquals(List.of("word", "word", "word"), DecodeSpecTokens.decodeSpecTokens(List.of("xxwrep", "3", "word")));
    }

    @Test
    void fastaisLayerGroupsOneLstmEachThenEmbeddingAndDecoder() throws IOException {
        Rng.seed(1);
        try (LMLearner learn = learner(dls(false))) {
            AwdLstm enc = learn.encoder();
            List<List<Parameter>> groups = learn.paramGroups();
            assertEquals(3, groups.size(), "2 LSTMs, then the embedding with the tied decoder");
            assertTrue(groups.get(2).contains(enc.encoder.weight));
            assertEquals(6, groups.get(2).size() + groups.get(0).size(), "embedding + decoder bias; 4 LSTM tensors");
            // frozen: only the last group trains, the LSTMs stay bit-identical
            learn.freeze();
            List<double[]> lstm = new ArrayList<>();
            for (Parameter p : groups.get(0)) lstm.add(p.data());
            for (Parameter p : groups.get(1)) lstm.add(p.data());
            double[] emb = enc.encoder.weight.data();
            learn.fitOneCycle(1, 1e-2);
            int k = 0;
            for (Parameter p : groups.get(0)) assertArrayEquals(lstm.get(k++), p.data(), p.name());
            for (Parameter p : groups.get(1)) assertArrayEquals(lstm.get(k++), p.data(), p.name());
            assertFalse(Arrays.equals(emb, enc.encoder.weight.data()), "the embeddings train");
            learn.unfreeze();
            learn.fitOneCycle(1, 1e-2);
            assertFalse(Arrays.equals(lstm.get(0), groups.get(0).get(0).data()), "unfrozen, the first LSTM trains");
        }
    }

    @Test
    void predictWritesTextAfterThePromptAndRepeatsWithTheSeed() throws IOException {
        Rng.seed(2);
        try (LMLearner learn = learner(dls(false))) {
            learn.fitOneCycle(2, 3e-2);
            Rng.seed(7);
            String a = learn.predict("I liked this movie because", 12, 0.75);
            Rng.seed(7);
            String b = learn.predict("I liked this movie because", 12, 0.75);
            assertEquals(a, b);
            // "I" is one letter: lowercased without xxmaj, so the prompt comes back as the book prints it
            assertTrue(a.startsWith("i liked this movie because "), a);
            int words = a.substring("i liked this movie because ".length()).split(" ").length;
            assertTrue(words >= 1 && words <= 12, "12 tokens, fewer words where xxmaj/xxup joined the next one: " + a);
            assertFalse(a.contains("xxunk") || a.contains("xxbos") || a.contains("xxmaj"), a);
            Rng.seed(8);
            assertNotEquals(a, learn.predict("I liked this movie because", 12, 0.75), "another seed, another text");
        }
    }

    @Test
    void badGenerationInputIsNamed() throws IOException {
        Rng.seed(3);
        try (LMLearner learn = learner(dls(false))) {
            var t = assertThrows(IllegalArgumentException.class, () -> learn.predict("the movie", 5, 0));
            assertTrue(t.getMessage().contains("temperature must be > 0, got 0.0"), t.getMessage());
            assertThrows(IllegalArgumentException.class, () -> learn.predict("the movie", 5, -1));
            var u = assertThrows(IllegalArgumentException.class, () -> learn.predict("zzyzx qwrtp", 5, 1));
            assertTrue(u.getMessage().contains("'zzyzx qwrtp' has no word the model knows"), u.getMessage());
        }
    }

    @Test
    void aSavedLearnerComesBackWithItsVocabConfigAndHistory() throws IOException {
        Rng.seed(4);
        Path file = tmp.resolve("lm.ckpt");
        TextDataLoaders dls = dls(false);
        double[] trained;
        String history;
        try (LMLearner learn = learner(dls)) {
            learn.fitOneCycle(1, 1e-2);
            learn.save(file);
            trained = learn.encoder().encoder.weight.data();
            history = learn.recorder().history();
            assertTrue(history.startsWith("epoch     train_loss  valid_loss  accuracy  perplexity  time"), history);
        }
        Rng.seed(5);
        try (LMLearner again = learner(dls)) {
            again.load(file);
            assertArrayEquals(trained, again.encoder().encoder.weight.data());
            assertEquals(history, again.recorder().history());
            // the same weights serve batches of another size (bs 1 for generation, the last partial batch)
            String text = again.predict("the movie", 3, 1.0);
            assertTrue(text.startsWith("the movie "), text);
        }
        // another vocab: refused before anything changes
        TextDataLoaders other = TextDataLoaders.languageModel(corpus()).folders("train").validPct(0.2).bs(4).seqLen(10).maxVocab(20, 1).build();
        assertNotEquals(dls.vocab().vocab(), other.vocab().vocab());
        try (LMLearner wrong = learner(other)) {
            var e = assertThrows(IllegalArgumentException.class, () -> wrong.load(file));
            assertTrue(e.getMessage().contains("vocab"), e.getMessage());
        }
    }

    @Test
    void anEncoderMovesToAnotherLearnerAndFreezesIt() throws IOException {
        Rng.seed(6);
        Path file = tmp.resolve("enc.weights");
        TextDataLoaders dls = dls(false);
        double[] lstm;
        try (LMLearner learn = learner(dls)) {
            learn.fitOneCycle(1, 1e-2);
            learn.saveEncoder(file);
            lstm = learn.encoder().namedParameters().get("rnns.0.module.weightHh.0").data();
        }
        try (LMLearner other = learner(dls)) {
            other.loadEncoder(file);
            assertEquals("encoder of a forwards AWD-LSTM language model " + other.config().embSz() + "/" + other.config().nHid() + "/"
                    + other.config().nLayers() + ", vocab " + dls.vocab().size(), WeightsFile.load(file).provenance());
            assertArrayEquals(lstm, other.encoder().namedParameters().get("rnns.0.module.weightHh.0").data(), 1e-7);
            assertTrue(other.opt().groups().get(0).frozen(), "load_encoder freezes, as fastai's");
        }
    }

    @Test
    void aBackwardsModelReadsEveryTextLastTokenFirst() throws IOException {
        Rng.seed(7);
        TextDataLoaders fwd = dls(false), bwd = dls(true);
        assertEquals(fwd.vocab().vocab(), bwd.vocab().vocab());
        assertTrue(bwd.backwards());
        Batch f = fwd.valid().iterator().next(), b = bwd.valid().iterator().next();
        String forward = fwd.vocab().decodeText(f.row(0));
        String backward = bwd.vocab().decodeText(b.row(0));
        assertTrue(forward.startsWith("xxbos"), forward);
        assertFalse(backward.startsWith("xxbos"), "reversed texts end with xxbos: " + backward);
        try (LMLearner learn = learner(bwd)) {
            learn.fitOneCycle(1, 1e-2);
            String text = learn.predict("the movie", 4, 1.0);
            assertTrue(text.endsWith(" the movie"), "a backwards model writes what comes before the prompt: " + text);
            Pretrained p = learn.export("test");
            assertTrue(p.backwards());
            var e = assertThrows(IllegalArgumentException.class, () -> languageModelLearner(fwd, TINY).pretrained(p).build());
            assertTrue(e.getMessage().contains("backwards"), e.getMessage());
        }
    }
}
