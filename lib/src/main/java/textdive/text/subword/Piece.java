package textdive.text.subword;

/** One vocabulary entry of a subword model: its text (spaces shown as {@code ▁}), log-probability score and kind. */
public record Piece(String piece, float score, PieceType type) {
    public Piece {
        if (piece == null || piece.isEmpty()) throw new IllegalArgumentException("a piece must not be empty");
    }
}
