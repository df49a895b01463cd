package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Hand-made models whose best segmentation can be worked out on paper. */
class SegmenterTest {
    static SentencePieceModel model(ModelType type, Object... pieceScorePairs) {
        List<Piece> ps = new ArrayList<>();
        ps.add(new Piece("<unk>", 0, PieceType.UNKNOWN));
        for (int i = 0; i < pieceScorePairs.length; i += 2) {
            String p = (String) pieceScorePairs[i];
            float s = ((Number) pieceScorePairs[i + 1]).floatValue();
            ps.add(new Piece(p.startsWith("UD:") ? p.substring(3) : p, s, p.startsWith("UD:") ? PieceType.USER_DEFINED : PieceType.NORMAL));
        }
        return new SentencePieceModel(new ModelProto(ps, TrainerSpec.defaults(type, ps.size()), NormalizerSpec.identity(), null));
    }

    @Test
    void viterbiPicksTheMostLikelySegmentation() {
        // ▁ab: [▁a, b] = -1 - 1 = -2 beats [▁, ab] = -1.5 - 1 = -2.5 and [▁, a, b] = -3.5.
        SentencePieceModel m = model(ModelType.UNIGRAM, "▁", -1.5, "a", -1, "b", -1, "▁a", -1, "ab", -1);
        assertEquals(List.of("▁a", "b"), m.encode("ab"));
        // Making ▁a unlikely flips it.
        m = model(ModelType.UNIGRAM, "▁", -1.5, "a", -1, "b", -1, "▁a", -3, "ab", -1);
        assertEquals(List.of("▁", "ab"), m.encode("ab"));
    }

    @Test
    void unknownCharactersCostMinScoreMinusTenAndRunsMerge() {
        SentencePieceModel m = model(ModelType.UNIGRAM, "▁", -1, "a", -2);
        assertEquals(List.of("▁", "a", "xyz", "a"), m.encode("axyza"));
        assertArrayEquals(new int[]{1, 2, 0, 2}, m.encodeIds("axyza"));
        assertEquals("a ⁇ a", m.decodeIds(m.encodeIds("axyza")));
    }

    @Test
    void userDefinedSymbolsAlwaysWin() {
        SentencePieceModel m = model(ModelType.UNIGRAM, "▁", -1, "x", -1, "b", -1, "o", -1, "s", -1, "▁xx", -0.5, "UD:xxbos", 0);
        assertEquals(List.of("▁", "xxbos", "▁xx"), m.encode("xxbos xx"));
    }

    @Test
    void bpeMergesByScoreLeftmostFirst() {
        // Merges learnt in the order ▁a (score 0), ab (-1): "▁ab" → [▁a, b], not [▁, ab].
        SentencePieceModel m = model(ModelType.BPE, "▁a", 0, "ab", -1, "▁", -2, "a", -3, "b", -4);
        assertEquals(List.of("▁a", "b"), m.encode("ab"));
        // Leftmost wins a tie: "aaa" with only aa → [aa, a].
        m = model(ModelType.BPE, "aa", 0, "▁", -1, "a", -2);
        assertEquals(List.of("▁", "aa", "a"), m.encode("aaa"));
    }

    @Test
    void decodeRestoresTheNormalizedText() {
        SentencePieceModel m = model(ModelType.UNIGRAM, "▁", -1, "a", -1, "b", -1, "▁ab", -1);
        assertEquals("ab ba", m.decode(m.encode("  ab   ba ")));
    }
}
