package textdive.text.subword;

/** The kind of a vocabulary entry, numbered as in SentencePiece's {@code ModelProto.SentencePiece.Type}. */
public enum PieceType {
    NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    public final int number;

    PieceType(int number) {
        this.number = number;
    }

    public static PieceType of(int number) {
        for (PieceType t : values()) if (t.number == number) return t;
        throw new IllegalArgumentException("unknown piece type " + number);
    }
}
