package textdive.text.subword;

import java.util.Arrays;
import java.util.List;

/**
 * The most likely segmentation under a unigram language model (Viterbi). Follows SentencePiece's
 * optimized encoder step for step, in float arithmetic and with the same tie order, so the
 * segmentation is identical: an unknown character costs (lowest score − 10), a user-defined symbol
 * scores (UTF-8 length × highest score − 0.1) so it always wins.
 */
final class UnigramSegmenter implements Segmenter {
    static final float UNK_PENALTY = 10.0f;

    private final Vocab vocab;
    private final PieceTrie trie = new PieceTrie();
    private final float[] scores;
    private final boolean[] userDefined;
    private final boolean[] unused;

    UnigramSegmenter(Vocab vocab) {
        this.vocab = vocab;
        List<Piece> pieces = vocab.pieces;
        scores = new float[pieces.size()];
        userDefined = new boolean[pieces.size()];
        unused = new boolean[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            scores[i] = p.score();
            userDefined[i] = p.type() == PieceType.USER_DEFINED;
            unused[i] = p.type() == PieceType.UNUSED;
            if (Vocab.segmentable(p.type())) trie.put(p.piece(), i);
        }
    }

    @Override
    public int[] segment(String s) {
        int n = s.length();
        if (n == 0) return new int[0];
        float unkScore = vocab.minScore - UNK_PENALTY;
        float[] best = new float[n + 1];
        int[] startsAt = new int[n + 1];
        int[] ids = new int[n + 1];
        Arrays.fill(startsAt, -1);
        int start = 0;
        while (start < n) {
            float here = best[start];
            int charLen = Character.isHighSurrogate(s.charAt(start)) && start + 1 < n ? 2 : 1;
            boolean hasSingle = false;
            int node = 0;
            int utf8Len = 0;
            for (int i = start; i < n; i++) {
                char c = s.charAt(i);
                utf8Len += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
                node = trie.child(node, c);
                if (node < 0) break;
                int id = trie.value(node);
                if (id < 0 || unused[id]) continue;
                int end = i + 1;
                if (end < n && Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(c)) continue;
                // As in the C++ code, the candidate is compared in double (the conditional that picks
                // the score has type double) and stored as float; this decides near-ties.
                double score = userDefined[id] ? (utf8Len * vocab.maxScore - 0.1) : scores[id];
                double cand = score + here;
                if (startsAt[end] == -1 || cand > best[end]) {
                    best[end] = (float) cand;
                    startsAt[end] = start;
                    ids[end] = id;
                }
                if (end - start == charLen) hasSingle = true;
            }
            if (!hasSingle) {
                int end = start + charLen;
                float cand = unkScore + here;  // float + float, as in C++
                if (startsAt[end] == -1 || cand > best[end]) {
                    best[end] = cand;
                    startsAt[end] = start;
                    ids[end] = vocab.unkId;
                }
            }
            start += charLen;
        }
        int count = 0;
        for (int end = n; end > 0; end = startsAt[end]) count++;
        int[] out = new int[count * 3];
        int k = count;
        for (int end = n; end > 0; end = startsAt[end]) {
            k--;
            out[3 * k] = startsAt[end];
            out[3 * k + 1] = end;
            out[3 * k + 2] = ids[end];
        }
        return out;
    }
}
