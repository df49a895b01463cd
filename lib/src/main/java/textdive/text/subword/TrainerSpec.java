package textdive.text.subword;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a model was trained ({@code TrainerSpec} of {@code sentencepiece_model.proto}). Only the
 * settings that change encoding or training are typed here; every other field of a loaded model is
 * kept as is, so saving it again writes the same spec.
 */
public final class TrainerSpec {
    // Field numbers of sentencepiece_model.proto.
    static final int MODEL_TYPE = 3, VOCAB_SIZE = 4, CHARACTER_COVERAGE = 10, INPUT_SENTENCE_SIZE = 11,
            SEED_SENTENCEPIECE_SIZE = 14, SHRINKING_FACTOR = 15, NUM_THREADS = 16, NUM_SUB_ITERATIONS = 17,
            MAX_SENTENCE_LENGTH = 18, MAX_SENTENCEPIECE_LENGTH = 20, SPLIT_BY_UNICODE_SCRIPT = 21,
            SPLIT_BY_WHITESPACE = 22, SPLIT_BY_NUMBER = 23, TREAT_WHITESPACE_AS_SUFFIX = 24, SPLIT_DIGITS = 25,
            CONTROL_SYMBOLS = 30, USER_DEFINED_SYMBOLS = 31, HARD_VOCAB_LIMIT = 33, BYTE_FALLBACK = 35,
            UNK_ID = 40, BOS_ID = 41, EOS_ID = 42, PAD_ID = 43, UNK_SURFACE = 44,
            UNK_PIECE = 45, BOS_PIECE = 46, EOS_PIECE = 47, PAD_PIECE = 48;

    /** The wire type of each field a getter reads. */
    private static final Map<Integer, Integer> WIRE_TYPES = ProtoFields.wireTypes(
            new int[]{MODEL_TYPE, VOCAB_SIZE, INPUT_SENTENCE_SIZE, SEED_SENTENCEPIECE_SIZE, NUM_THREADS, NUM_SUB_ITERATIONS,
                    MAX_SENTENCE_LENGTH, MAX_SENTENCEPIECE_LENGTH, SPLIT_BY_UNICODE_SCRIPT, SPLIT_BY_WHITESPACE, SPLIT_BY_NUMBER,
                    TREAT_WHITESPACE_AS_SUFFIX, SPLIT_DIGITS, HARD_VOCAB_LIMIT, BYTE_FALLBACK, UNK_ID, BOS_ID, EOS_ID, PAD_ID},
            new int[]{CHARACTER_COVERAGE, SHRINKING_FACTOR},
            new int[]{CONTROL_SYMBOLS, USER_DEFINED_SYMBOLS, UNK_SURFACE, UNK_PIECE, BOS_PIECE, EOS_PIECE, PAD_PIECE});

    final ProtoFields fields;

    TrainerSpec(ProtoFields fields) {
        this.fields = fields;
    }

    /** A spec read from a model file: a field of the wrong wire type is refused here, not met by a getter later. */
    static TrainerSpec from(ProtoFields fields) {
        fields.requireWireTypes("the trainer spec's", WIRE_TYPES);
        return new TrainerSpec(fields);
    }

    /** SentencePiece's defaults with the given algorithm and vocabulary size. */
    public static TrainerSpec defaults(ModelType type, int vocabSize) {
        TrainerSpec s = new TrainerSpec(new ProtoFields());
        s.fields.setVarint(MODEL_TYPE, type.number);
        s.fields.setInt32(VOCAB_SIZE, vocabSize);
        return s;
    }

    public ModelType modelType() { return ModelType.of(fields.int32(MODEL_TYPE, 1)); }
    public int vocabSize() { return fields.int32(VOCAB_SIZE, 8000); }
    public float characterCoverage() { return fields.float32(CHARACTER_COVERAGE, 0.9995f); }
    public int seedSentencePieceSize() { return fields.int32(SEED_SENTENCEPIECE_SIZE, 1_000_000); }
    public float shrinkingFactor() { return fields.float32(SHRINKING_FACTOR, 0.75f); }
    public int numSubIterations() { return fields.int32(NUM_SUB_ITERATIONS, 2); }
    public int maxSentenceLength() { return fields.int32(MAX_SENTENCE_LENGTH, 4192); }
    public int maxSentencePieceLength() { return fields.int32(MAX_SENTENCEPIECE_LENGTH, 16); }
    public boolean splitByUnicodeScript() { return fields.bool(SPLIT_BY_UNICODE_SCRIPT, true); }
    public boolean splitByWhitespace() { return fields.bool(SPLIT_BY_WHITESPACE, true); }
    public boolean splitByNumber() { return fields.bool(SPLIT_BY_NUMBER, true); }
    public boolean treatWhitespaceAsSuffix() { return fields.bool(TREAT_WHITESPACE_AS_SUFFIX, false); }
    public boolean splitDigits() { return fields.bool(SPLIT_DIGITS, false); }
    public boolean hardVocabLimit() { return fields.bool(HARD_VOCAB_LIMIT, true); }
    public boolean byteFallback() { return fields.bool(BYTE_FALLBACK, false); }
    public List<String> userDefinedSymbols() { return fields.strings(USER_DEFINED_SYMBOLS); }
    public List<String> controlSymbols() { return fields.strings(CONTROL_SYMBOLS); }
    public int unkId() { return fields.int32(UNK_ID, 0); }
    public int bosId() { return fields.int32(BOS_ID, 1); }
    public int eosId() { return fields.int32(EOS_ID, 2); }
    public int padId() { return fields.int32(PAD_ID, -1); }
    public String unkPiece() { return fields.string(UNK_PIECE, "<unk>"); }
    public String bosPiece() { return fields.string(BOS_PIECE, "<s>"); }
    public String eosPiece() { return fields.string(EOS_PIECE, "</s>"); }
    public String padPiece() { return fields.string(PAD_PIECE, "<pad>"); }
    /** What the decoder writes for an unknown piece: U+2047 with spaces, SentencePiece's default. */
    public String unkSurface() { return fields.string(UNK_SURFACE, " \u2047 "); }

    public TrainerSpec withCharacterCoverage(float c) { return with(f -> f.setFloat(CHARACTER_COVERAGE, c)); }
    public TrainerSpec withUserDefinedSymbols(List<String> s) { return with(f -> f.setStrings(USER_DEFINED_SYMBOLS, s)); }
    public TrainerSpec withVocabSize(int v) { return with(f -> f.setInt32(VOCAB_SIZE, v)); }
    public TrainerSpec withMaxSentencePieceLength(int v) { return with(f -> f.setInt32(MAX_SENTENCEPIECE_LENGTH, v)); }
    public TrainerSpec withSeedSentencePieceSize(int v) { return with(f -> f.setInt32(SEED_SENTENCEPIECE_SIZE, v)); }

    public TrainerSpec withModelType(ModelType t) { return with(f -> f.setVarint(MODEL_TYPE, t.number)); }
    public TrainerSpec withHardVocabLimit(boolean b) { return with(f -> f.setBool(HARD_VOCAB_LIMIT, b)); }
    /** Ids of the special pieces; -1 leaves a piece out (unk cannot be left out). */
    public TrainerSpec withSpecialIds(int unk, int bos, int eos, int pad) {
        return with(f -> { f.setInt32(UNK_ID, unk); f.setInt32(BOS_ID, bos); f.setInt32(EOS_ID, eos); f.setInt32(PAD_ID, pad); });
    }

    private TrainerSpec with(Consumer<ProtoFields> change) {
        ProtoFields c = fields.copy();
        change.accept(c);
        return new TrainerSpec(c);
    }

    @Override
    public String toString() {
        return "TrainerSpec{type=" + modelType() + ", vocabSize=" + vocabSize() + ", coverage=" + characterCoverage()
                + ", userDefined=" + userDefinedSymbols() + "}";
    }
}
