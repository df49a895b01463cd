package textdive.text.subword;

/** The segmentation algorithm of a model, numbered as in SentencePiece's {@code TrainerSpec.ModelType}. */
public enum ModelType {
    UNIGRAM(1), BPE(2), WORD(3), CHAR(4);

    public final int number;

    ModelType(int number) {
        this.number = number;
    }

    public static ModelType of(int number) {
        for (ModelType t : values()) if (t.number == number) return t;
        throw new IllegalArgumentException("unknown model type " + number);
    }
}
