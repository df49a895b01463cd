package textdive.text;

import java.util.List;

/**
 * The special tokens fastai inserts, in fastai's order: they come first in every vocab, so their
 * ids are fixed (xxunk = 0, xxpad = 1, xxbos = 2, ...), and a model trained on one corpus reads
 * another's ids the same way.
 */
public final class SpecialTokens {
    /** Unknown word: anything not in the vocab maps here. */
    public static final String UNK = "xxunk";
    /** Padding, for batches of texts of different lengths. */
    public static final String PAD = "xxpad";
    /** Beginning of a stream (a document). */
    public static final String BOS = "xxbos";
    /** End of a stream. */
    public static final String EOS = "xxeos";
    /** Start of a field when several columns are joined. */
    public static final String FLD = "xxfld";
    /** Character repetition: {@code xxrep 4 !} for {@code !!!!}. */
    public static final String TK_REP = "xxrep";
    /** Word repetition: {@code xxwrep 3 very} for {@code very very very}. */
    public static final String TK_WREP = "xxwrep";
    /** The next word was in all caps. */
    public static final String TK_UP = "xxup";
    /** The next word was capitalized. */
    public static final String TK_MAJ = "xxmaj";
    /** Filler that pads a vocab to a multiple of 8 (fast matrix sizes on accelerators). */
    public static final String FAKE = "xxfake";

    /** All special tokens in vocab order. */
    public static final List<String> ALL = List.of(UNK, PAD, BOS, EOS, FLD, TK_REP, TK_WREP, TK_UP, TK_MAJ);

    private SpecialTokens() {}
}
