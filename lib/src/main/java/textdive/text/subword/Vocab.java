package textdive.text.subword;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Piece ↔ id lookups over a model's pieces, with the ids SentencePiece treats specially. */
final class Vocab {
    final List<Piece> pieces;
    final Map<String, Integer> ids = new HashMap<>();
    final int unkId;
    final float minScore, maxScore;

    Vocab(List<Piece> pieces) {
        this.pieces = pieces;
        int unk = -1;
        float min = Float.MAX_VALUE;
        // SentencePiece starts the maximum at FLT_MIN (the smallest positive float), not at -FLT_MAX;
        // user-defined pieces score length * maxScore - 0.1, so this matters for ties.
        float max = Float.MIN_NORMAL;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (ids.putIfAbsent(p.piece(), i) != null)
                throw new IllegalArgumentException("piece '" + p.piece() + "' is defined twice");
            if (p.type() == PieceType.UNKNOWN) {
                if (unk >= 0) throw new IllegalArgumentException("the model has two unknown pieces");
                unk = i;
            }
            if (p.type() == PieceType.NORMAL) {
                min = Math.min(min, p.score());
                max = Math.max(max, p.score());
            }
        }
        if (unk < 0) throw new IllegalArgumentException("the model has no unknown piece");
        this.unkId = unk;
        this.minScore = min;
        this.maxScore = max;
    }

    /** Pieces that take part in segmentation: normal, user-defined and unused ones. */
    static boolean segmentable(PieceType t) {
        return t == PieceType.NORMAL || t == PieceType.USER_DEFINED || t == PieceType.UNUSED;
    }

    int size() {
        return pieces.size();
    }

    PieceType type(int id) {
        return pieces.get(id).type();
    }
}
