package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * textdive against the reference implementation on real reviews: models trained by spm_train
 * encode exactly as spm_encode does, models trained by textdive load in spm_encode and encode the
 * same there, and textdive's training is as good as spm_train's (pieces per review).
 */
class SpmParityTest {
    @TempDir
    static Path dir;
    static List<String> train, test;
    static Path trainFile, testFile;
    private static SentencePieceModel oursUnigram;
    private static Path spmUnigram;

    /** spm_train's unigram model (vocab 500), trained once for the tests that only read it. */
    private static Path spmUnigram() throws Exception {
        if (spmUnigram == null) spmUnigram = SpmTools.spmTrain(trainFile, dir, "uni", "unigram", 500);
        return spmUnigram;
    }

    /** Trained once, shared by the interop and quality tests. */
    private static SentencePieceModel oursUnigram() {
        if (oursUnigram == null) oursUnigram = SentencePieceTrainer.train(train, TrainerSpec.defaults(ModelType.UNIGRAM, 500));
        return oursUnigram;
    }

    @BeforeAll
    static void corpora() throws Exception {
        SpmTools.assumeAvailable();
        train = SpmTools.reviews("train", 300);
        test = SpmTools.reviews("test", 200);
        trainFile = SpmTools.writeLines(dir.resolve("train.txt"), train);
        testFile = SpmTools.writeLines(dir.resolve("test.txt"), test);
    }

    private static void assertSameAsSpmEncode(Path model) throws Exception {
        SentencePieceModel m = SentencePieceModel.load(model);
        List<List<String>> expected = SpmTools.spmEncode(model, testFile);
        assertEquals(test.size(), expected.size());
        for (int i = 0; i < test.size(); i++)
            assertEquals(expected.get(i), m.encode(test.get(i)), "review " + i + " with " + model.getFileName());
    }

    @Test
    void unigramModelFromSpmTrainEncodesLikeSpmEncode() throws Exception {
        assertSameAsSpmEncode(spmUnigram());
    }

    @Test
    void bpeModelFromSpmTrainEncodesLikeSpmEncode() throws Exception {
        assertSameAsSpmEncode(SpmTools.spmTrain(trainFile, dir, "bpe", "bpe", 500));
    }

    @Test
    void userDefinedSymbolsAndIdsLikeFastai() throws Exception {
        Path model = SpmTools.spmTrain(trainFile, dir, "fastai", "unigram", 500,
                "--user_defined_symbols=" + String.join(",", SubwordTokenizer.USER_DEFINED_SYMBOLS),
                "--unk_id=9", "--pad_id=-1", "--bos_id=-1", "--eos_id=-1", "--character_coverage=0.99999");
        List<String> tagged = test.stream().map(t -> "xxbos xxmaj " + t.replace(" The ", " xxmaj the ")).toList();
        Path taggedFile = SpmTools.writeLines(dir.resolve("tagged.txt"), tagged);
        SentencePieceModel m = SentencePieceModel.load(model);
        assertEquals("▁xxbos", m.idToPiece(2));
        assertEquals(9, m.unkId());
        List<List<String>> expected = SpmTools.spmEncode(model, taggedFile);
        for (int i = 0; i < tagged.size(); i++) assertEquals(expected.get(i), m.encode(tagged.get(i)), "review " + i);
    }

    @Test
    void roundTripGivesTheNormalizedText() throws Exception {
        SentencePieceModel m = SentencePieceModel.load(spmUnigram());
        for (String t : test) {
            String norm = m.normalize(t).replace(Normalizer.SPACE, " ").substring(1);
            assertEquals(norm, m.decode(m.encode(t)));
        }
    }

    @Test
    void textdiveModelsLoadInSpmEncodeAndMatchTextdive() throws Exception {
        for (ModelType type : List.of(ModelType.UNIGRAM, ModelType.BPE)) {
            SentencePieceModel ours = type == ModelType.UNIGRAM ? oursUnigram()
                    : SentencePieceTrainer.train(train, TrainerSpec.defaults(type, 500));
            Path file = dir.resolve("ours-" + type + ".model");
            ours.save(file);
            List<List<String>> spm = SpmTools.spmEncode(file, testFile);
            for (int i = 0; i < test.size(); i++) assertEquals(spm.get(i), ours.encode(test.get(i)), type + " review " + i);
        }
    }

    @Test
    void trainedUnigramIsAsGoodAsSpmTrain() throws Exception {
        SentencePieceModel spm = SentencePieceModel.load(spmUnigram());
        SentencePieceModel ours = oursUnigram();
        long a = 0, b = 0;
        for (String t : test) { a += ours.encode(t).size(); b += spm.encode(t).size(); }
        double rel = Math.abs(a - b) / (double) b;
        assertTrue(rel < 0.03, "pieces per review: textdive " + a / (double) test.size() + ", spm " + b / (double) test.size());
    }

    @Test
    void compiledNmtNfkcTableMatchesSpmTrainsOnEveryBmpCharacter() throws Exception {
        SentencePieceModel spm = SentencePieceModel.load(spmUnigram());
        Normalizer ours = new Normalizer(NormalizerSpec.nmtNfkc(), false, List.of());
        for (int cp = 1; cp < 0x10000; cp++) {
            if (Character.isSurrogate((char) cp)) continue;
            String s = "x" + new String(Character.toChars(cp)) + "y";
            assertEquals(spm.normalize(s), ours.normalize(s), String.format("U+%04X", cp));
        }
    }

    @Test
    void bpeTrainerLearnsSpmTrainsMerges() throws Exception {
        SentencePieceModel spm = SentencePieceModel.load(SpmTools.spmTrain(trainFile, dir, "bpe-merges", "bpe", 500));
        SentencePieceModel ours = SentencePieceTrainer.train(train, TrainerSpec.defaults(ModelType.BPE, 500));
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 500; i++) { a.add(spm.idToPiece(i)); b.add(ours.idToPiece(i)); }
        int samePlace = 0;
        for (int i = 0; i < 500; i++) if (a.get(i).equals(b.get(i))) samePlace++;
        // The same merges; only the order of a few equally frequent ones may differ (SentencePiece
        // picks among ties with std::partial_sort, whose order is unspecified).
        assertEquals(new HashSet<>(a), new HashSet<>(b));
        assertTrue(samePlace >= 490, samePlace + " of 500 pieces at the same id");
    }

    @Test
    void subwordTokenizerModelWithSpecialTokensWorksInSpmEncode() throws Exception {
        List<String> tagged = train.stream().map(t -> "xxbos xxmaj " + t.replace(". The ", ". xxmaj the ")).toList();
        SubwordTokenizer tok = new SubwordTokenizer(500);
        tok.setup(tagged);
        Path file = dir.resolve("fastai-ours.model");
        tok.save(file);
        List<String> taggedTest = test.stream().map(t -> "xxbos xxmaj " + t).toList();
        List<List<String>> spm = SpmTools.spmEncode(file, SpmTools.writeLines(dir.resolve("tagged-test.txt"), taggedTest));
        for (int i = 0; i < taggedTest.size(); i++) assertEquals(spm.get(i), tok.tokenize(taggedTest.get(i)), "review " + i);
        assertEquals(List.of("▁xxbos", "▁xxmaj"), tok.tokenize(taggedTest.get(0)).subList(0, 2));
    }
}
