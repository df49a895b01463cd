package textdive.text.subword;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import textdive.text.BaseTokenizer;
import textdive.text.SpecialTokens;

/**
 * fastai's {@code SubwordTokenizer} (a SentencePiece unigram model by default): {@link #setup}
 * learns the vocabulary from the texts, {@link #tokenize} splits a text into pieces. As in fastai,
 * the special tokens are user-defined symbols written with SentencePiece's word-start mark
 * ({@code ▁xxbos}, {@code ▁xxmaj}, …: {@link #USER_DEFINED_SYMBOLS}), so each marker the rules of the
 * {@code Tokenizer} pipeline put before a word is one piece, as in fastai's subword streams
 * ({@code ▁xxbos ▁xxmaj ▁this ...}), and {@code <unk>} comes right after them.
 *
 * <pre>{@code
 * SubwordTokenizer sp = new SubwordTokenizer(1000);
 * sp.setup(texts);
 * sp.tokenize("This movie, which I just discovered")  // [▁This, ▁movie, ,, ▁which, ▁I, ▁just, ▁dis, c, over, ed]
 * }</pre>
 */
public final class SubwordTokenizer implements BaseTokenizer {
    /** fastai's {@code defaults.text_spec_tok}, in fastai's order: the pipeline's special tokens. */
    public static final List<String> SPECIAL_TOKENS = SpecialTokens.ALL;
    /**
     * The special tokens as fastai passes them to SentencePiece ({@code '\u2581' + s}): the rules put each one before a
     * word, where SentencePiece's text has its word-start mark, so {@code xxbos} is matched there as one piece
     * {@code ▁xxbos}, not as {@code ▁} and {@code xxbos}.
     */
    public static final List<String> USER_DEFINED_SYMBOLS = SPECIAL_TOKENS.stream().map(t -> "\u2581" + t).toList();
    /** fastai's {@code max_vocab_sz}. */
    public static final int MAX_VOCAB_SIZE = 30_000;
    /** fastai's character coverage for English and other European languages. */
    public static final float CHAR_COVERAGE = 0.99999f;

    private final Integer vocabSize;  // null: derived from the corpus
    private final ModelType modelType;
    private final boolean hardVocabLimit;
    private SentencePieceModel model;

    /** Vocabulary size from the corpus (fastai's default rule, see {@link #defaultVocabSize}). */
    public SubwordTokenizer() {
        this(null, ModelType.UNIGRAM, true);
    }

    public SubwordTokenizer(int vocabSize) {
        this(vocabSize, ModelType.UNIGRAM, true);
    }

    /**
     * @param hardVocabLimit true: a vocab size the corpus cannot fill is an error (saying the
     *                       largest possible); false: accept a smaller vocabulary, as fastai does
     */
    public SubwordTokenizer(Integer vocabSize, ModelType modelType, boolean hardVocabLimit) {
        if (vocabSize != null && vocabSize <= SPECIAL_TOKENS.size() + 1)
            throw new IllegalArgumentException("vocab size must exceed the " + (SPECIAL_TOKENS.size() + 1)
                    + " special pieces, not " + vocabSize);
        this.vocabSize = vocabSize;
        this.modelType = modelType;
        this.hardVocabLimit = hardVocabLimit;
    }

    /** A tokenizer around an existing model (from {@code spm_train} or {@link #save}). */
    public static SubwordTokenizer load(Path modelFile) {
        SentencePieceModel m = SentencePieceModel.load(modelFile);
        SubwordTokenizer t = new SubwordTokenizer(m.vocabSize(), m.proto().trainerSpec().modelType(), true);
        t.model = m;
        return t;
    }

    /**
     * fastai's rule: a quarter of the distinct whitespace-separated words, rounded up to a multiple
     * of 8, at most {@code maxVocab}, at least 29.
     */
    public static int defaultVocabSize(Iterable<String> texts, int maxVocab) {
        Set<String> words = new HashSet<>();
        for (String t : texts) {
            for (String w : t.trim().split("\\s+")) if (!w.isEmpty()) words.add(w);
            if (words.size() / 4 > maxVocab) return maxVocab;
        }
        int res = words.size() / 4;
        while (res % 8 != 0) res++;
        return Math.max(res, 29);
    }

    /** The trainer settings fastai passes to SentencePiece. */
    public TrainerSpec trainerSpec(int vocab) {
        return TrainerSpec.defaults(modelType, vocab)
                .withCharacterCoverage(CHAR_COVERAGE)
                .withUserDefinedSymbols(USER_DEFINED_SYMBOLS)
                .withSpecialIds(SPECIAL_TOKENS.size(), -1, -1, -1)
                .withHardVocabLimit(hardVocabLimit);
    }

    /** Trains a new model on the texts. */
    @Override
    public void setup(Iterable<String> texts) {
        List<String> list = new ArrayList<>();
        for (String t : texts) list.add(t);
        if (list.stream().allMatch(String::isBlank))
            throw new IllegalArgumentException("cannot learn subwords from an empty corpus (" + list.size() + " texts, all blank)");
        int vocab = vocabSize != null ? vocabSize : defaultVocabSize(list, MAX_VOCAB_SIZE);
        model = SentencePieceTrainer.train(list, trainerSpec(vocab));
    }

    @Override
    public List<String> tokenize(String text) {
        return model().encode(text);
    }

    public String decode(List<String> pieces) {
        return model().decode(pieces);
    }

    public SentencePieceModel model() {
        if (model == null) throw new IllegalStateException("the subword tokenizer has no model yet: call setup(texts) first");
        return model;
    }

    /** Writes the model as a SentencePiece {@code .model} file ({@code spm_encode --model=...} reads it). */
    public void save(Path file) {
        model().save(file);
    }
}
