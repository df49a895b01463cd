package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SentencePieceTrainerTest {
    /** A small corpus with some repetition: the chapter's opening paragraph, sentence by sentence, in shifting combinations. */
    static final List<String> CORPUS = new ArrayList<>();
    static {
        String[] sentences = ("In this chapter, we will go back over the example of classifying movie reviews we studied "
                + "in chapter 1 and dig deeper under the surface. First we will look at the processing steps necessary "
                + "to convert text into numbers and how to customize it. By doing this, we'll have another example of "
                + "the PreProcessor used in the data block API. Then we will study how we build a language model and "
                + "train it for a while. The lowest, newest and widest roads were slowly getting lower.").split("(?<=\\.) ");
        for (int i = 0; i < 80; i++)
            CORPUS.add(sentences[i % sentences.length] + " " + sentences[(i * 3 + 1) % sentences.length]);
    }

    @Test
    void digammaMatchesKnownValues() {
        assertEquals(-0.5772156649015329, UnigramTrainer.digamma(1), 1e-9);       // -γ
        assertEquals(1.5061176684318003, UnigramTrainer.digamma(5), 1e-9);
        assertEquals(Math.log(1000) - 1 / 2000.0, UnigramTrainer.digamma(1000), 1e-6);
    }

    @Test
    void unigramModelHasTheExactVocabSizeAndAllCharacters() {
        SentencePieceModel m = SentencePieceTrainer.train(CORPUS, TrainerSpec.defaults(ModelType.UNIGRAM, 40));
        assertEquals(40, m.vocabSize());
        assertEquals("<unk>", m.idToPiece(0));
        assertEquals("<s>", m.idToPiece(1));
        for (int bad : new int[]{-1, 40}) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.decodeIds(new int[]{3, bad}));
            assertEquals("id " + bad + " is not in this model's vocab of 40 pieces", e.getMessage());
        }
        for (char c : "lowernstid.,".toCharArray()) assertNotEquals(0, m.pieceToId(String.valueOf(c)), "char " + c);
        for (String t : CORPUS) assertEquals(t, m.decode(m.encode(t)));
        // Scores of learnt pieces are log-probabilities in decreasing order.
        List<Float> scores = new ArrayList<>();
        for (int i = 3; i < m.vocabSize(); i++) scores.add(m.proto().pieces().get(i).score());
        List<Float> sorted = new ArrayList<>(scores);
        sorted.sort(Collections.reverseOrder());
        assertEquals(sorted, scores);
        assertTrue(scores.get(0) < 0);
    }

    @Test
    void aLargerVocabularyGivesShorterSequences() {
        long previous = Long.MAX_VALUE;
        for (int vocab : new int[]{45, 60, 80}) {
            SentencePieceModel m = SentencePieceTrainer.train(CORPUS, TrainerSpec.defaults(ModelType.UNIGRAM, vocab));
            long pieces = CORPUS.stream().mapToLong(t -> m.encode(t).size()).sum();
            assertTrue(pieces < previous, vocab + ": " + pieces + " pieces, not fewer than " + previous);
            previous = pieces;
        }
    }

    @Test
    void bpeScoresAreMinusTheMergeIndex() {
        SentencePieceModel m = SentencePieceTrainer.train(CORPUS, TrainerSpec.defaults(ModelType.BPE, 40));
        assertEquals(40, m.vocabSize());
        List<Piece> ps = m.proto().pieces();
        for (int i = 3; i < ps.size(); i++) assertEquals(-(i - 3), ps.get(i).score(), 0);
        // The most frequent pair of the corpus is merged first.
        assertEquals(firstMergeByHand(), ps.get(3).piece());
    }

    /** The most frequent adjacent pair inside words (ties: alphabetical), counted directly. */
    static String firstMergeByHand() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : CORPUS)
            for (String w : t.split(" ")) {
                String x = "▁" + w;
                for (int i = 0; i + 1 < x.length(); i++) {
                    String pair = x.substring(i, i + 2);
                    if (Character.isLetter(pair.charAt(1)) && (pair.charAt(0) == '▁' || Character.isLetter(pair.charAt(0))))
                        counts.merge(pair, 1, Integer::sum);
                }
            }
        return counts.entrySet().stream().max((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                : Integer.compare(a.getValue(), b.getValue())).orElseThrow().getKey();
    }

    @Test
    void userDefinedSymbolsComeFirstAndStayWhole() {
        TrainerSpec spec = TrainerSpec.defaults(ModelType.UNIGRAM, 40).withUserDefinedSymbols(List.of("xxbos", "xxmaj"))
                .withSpecialIds(2, -1, -1, -1);
        List<String> tagged = CORPUS.stream().map(t -> "xxbos xxmaj " + t).toList();
        SentencePieceModel m = SentencePieceTrainer.train(tagged, spec);
        assertEquals(List.of("xxbos", "xxmaj", "<unk>"), List.of(m.idToPiece(0), m.idToPiece(1), m.idToPiece(2)));
        List<String> pieces = m.encode("xxbos xxmaj lower");
        assertEquals("xxbos", pieces.get(1));
        assertEquals("xxmaj", pieces.get(3));
    }

    @Test
    void badRequestsGiveClearErrors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SentencePieceTrainer.train(List.of("", "  "), TrainerSpec.defaults(ModelType.UNIGRAM, 40)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SentencePieceTrainer.train(CORPUS, TrainerSpec.defaults(ModelType.UNIGRAM, 5000)));
        assertTrue(e.getMessage().contains("too high"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SentencePieceTrainer.train(CORPUS, TrainerSpec.defaults(ModelType.BPE, 8)));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        // Without the hard limit a smaller vocabulary is fine.
        SentencePieceModel m = SentencePieceTrainer.train(CORPUS,
                TrainerSpec.defaults(ModelType.UNIGRAM, 5000).withHardVocabLimit(false));
        assertTrue(m.vocabSize() < 5000);
    }
}
