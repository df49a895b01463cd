package textdive.text.subword;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Learns a subword vocabulary from texts (unigram or BPE, per {@link TrainerSpec#modelType()}) and
 * assembles the model as {@code spm_train} would: special pieces at their ids ({@code <unk>}, then
 * {@code <s>}, {@code </s>} unless switched off), user-defined symbols in the free ids after them,
 * then the learnt pieces.
 */
public final class SentencePieceTrainer {
    private SentencePieceTrainer() {}

    /** Trains with SentencePiece's default normalization (nmt_nfkc). */
    public static SentencePieceModel train(Iterable<String> texts, TrainerSpec spec) {
        return new SentencePieceModel(trainProto(texts, spec, NormalizerSpec.nmtNfkc()));
    }

    public static ModelProto trainProto(Iterable<String> texts, TrainerSpec spec, NormalizerSpec normalizerSpec) {
        if (spec.vocabSize() <= 0) throw new IllegalArgumentException("vocab size must be positive, not " + spec.vocabSize());
        TreeMap<Integer, Piece> meta = metaPieces(spec);
        if (spec.vocabSize() <= meta.size())
            throw new IllegalArgumentException("vocab size " + spec.vocabSize() + " leaves no room after the "
                    + meta.size() + " special pieces");
        Normalizer normalizer = new Normalizer(normalizerSpec, spec.treatWhitespaceAsSuffix(), spec.userDefinedSymbols());
        TrainingCorpus corpus = new TrainingCorpus(texts, spec, normalizer);
        if (corpus.requiredChars.size() + meta.size() >= spec.vocabSize() && spec.hardVocabLimit())
            throw new IllegalArgumentException("vocab size " + spec.vocabSize() + " is too small: the corpus needs "
                    + corpus.requiredChars.size() + " characters plus " + meta.size() + " special pieces");
        List<Piece> learnt = switch (spec.modelType()) {
            case UNIGRAM -> new UnigramTrainer(spec, corpus).train(meta.size());
            case BPE -> new BpeTrainer(spec, corpus).train(meta.size());
            default -> throw new IllegalArgumentException("training " + spec.modelType() + " models is not supported");
        };
        int total = learnt.size() + meta.size();
        if (total < spec.vocabSize() && spec.hardVocabLimit())
            throw new IllegalArgumentException("vocab size " + spec.vocabSize() + " is too high for this corpus: "
                    + "it yields at most " + total + " pieces (set a value <= " + total + ", or relax the hard limit)");
        List<Piece> pieces = new ArrayList<>(total);
        int next = 0;
        for (int id = 0; id < total; id++) {
            Piece m = meta.get(id);
            pieces.add(m != null ? m : learnt.get(next++));
        }
        TrainerSpec recorded = spec.vocabSize() == total ? spec : spec.withVocabSize(total);
        return new ModelProto(pieces, recorded, normalizerSpec, null);
    }

    static TreeMap<Integer, Piece> metaPieces(TrainerSpec spec) {
        TreeMap<Integer, Piece> meta = new TreeMap<>();
        if (spec.unkId() < 0) throw new IllegalArgumentException("unk id must be set (>= 0)");
        putMeta(meta, spec.unkId(), new Piece(spec.unkPiece(), 0, PieceType.UNKNOWN));
        if (spec.bosId() >= 0) putMeta(meta, spec.bosId(), new Piece(spec.bosPiece(), 0, PieceType.CONTROL));
        if (spec.eosId() >= 0) putMeta(meta, spec.eosId(), new Piece(spec.eosPiece(), 0, PieceType.CONTROL));
        if (spec.padId() >= 0) putMeta(meta, spec.padId(), new Piece(spec.padPiece(), 0, PieceType.CONTROL));
        int id = 0;
        for (String s : spec.controlSymbols()) {
            while (meta.containsKey(id)) id++;
            meta.put(id, new Piece(s, 0, PieceType.CONTROL));
        }
        for (String s : spec.userDefinedSymbols()) {
            while (meta.containsKey(id)) id++;
            meta.put(id, new Piece(s, 0, PieceType.USER_DEFINED));
        }
        for (int k : meta.keySet())
            if (k >= spec.vocabSize()) throw new IllegalArgumentException("special piece id " + k + " is outside the vocab size " + spec.vocabSize());
        return meta;
    }

    private static void putMeta(TreeMap<Integer, Piece> meta, int id, Piece p) {
        if (meta.putIfAbsent(id, p) != null) throw new IllegalArgumentException("two special pieces share id " + id);
    }
}
