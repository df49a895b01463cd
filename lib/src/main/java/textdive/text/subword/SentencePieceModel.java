package textdive.text.subword;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded subword model: normalizes text, segments it into pieces, and turns pieces back into
 * text. Behaves like SentencePiece's {@code SentencePieceProcessor} (the {@code spm_encode} /
 * {@code spm_decode} tools), including how runs of unknown characters come out as one piece.
 */
public final class SentencePieceModel {
    private final ModelProto proto;
    private final Vocab vocab;
    private final Normalizer normalizer;
    private final Segmenter segmenter;

    public SentencePieceModel(ModelProto proto) {
        this.proto = proto;
        this.vocab = new Vocab(proto.pieces());
        List<String> uds = new ArrayList<>();
        for (Piece p : proto.pieces()) if (p.type() == PieceType.USER_DEFINED) uds.add(p.piece());
        this.normalizer = new Normalizer(proto.normalizerSpec(), proto.trainerSpec().treatWhitespaceAsSuffix(), uds);
        this.segmenter = switch (proto.trainerSpec().modelType()) {
            case UNIGRAM -> new UnigramSegmenter(vocab);
            case BPE -> new BpeSegmenter(vocab);
            default -> throw new IllegalArgumentException("model type " + proto.trainerSpec().modelType()
                    + " is not supported (only UNIGRAM and BPE)");
        };
    }

    /**
     * Loads a {@code .model} file written by {@code spm_train} or by textdive. A well-formed model this
     * class cannot run (a WORD or CHAR model) is refused with the file's name, like a malformed one.
     */
    public static SentencePieceModel load(Path file) {
        ModelProto proto = ModelProto.load(file);
        try {
            return new SentencePieceModel(proto);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use SentencePiece model " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Path file) {
        proto.save(file);
    }

    public ModelProto proto() {
        return proto;
    }

    public int vocabSize() {
        return vocab.size();
    }

    /** The piece of an id; an id outside the vocab is refused with the vocab's size. */
    public String idToPiece(int id) {
        if (id < 0 || id >= vocab.size()) throw new IllegalArgumentException("id " + id + " is not in this model's vocab of " + vocab.size() + " pieces");
        return vocab.pieces.get(id).piece();
    }

    /** The id of a piece, or the unknown id. */
    public int pieceToId(String piece) {
        return vocab.ids.getOrDefault(piece, vocab.unkId);
    }

    public int unkId() {
        return vocab.unkId;
    }

    public String normalize(String text) {
        return normalizer.normalize(text);
    }

    /** The pieces of a text, as {@code spm_encode --output_format=piece} prints them. */
    public List<String> encode(String text) {
        List<String> out = new ArrayList<>();
        encode(text, out, null);
        return out;
    }

    public int[] encodeIds(String text) {
        List<Integer> ids = new ArrayList<>();
        encode(text, null, ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encode(String text, List<String> pieces, List<Integer> ids) {
        String norm = normalizer.normalize(text);
        int[] seg = segmenter.segment(norm);
        boolean byteFallback = proto.trainerSpec().byteFallback();
        boolean prevUnk = false;
        for (int k = 0; k < seg.length; k += 3) {
            String w = norm.substring(seg[k], seg[k + 1]);
            int id = seg[k + 2];
            boolean unk = id == vocab.unkId;
            if (unk && byteFallback) {
                for (byte b : w.getBytes(StandardCharsets.UTF_8)) {
                    String bp = String.format("<0x%02X>", b & 0xff);
                    if (pieces != null) pieces.add(bp);
                    if (ids != null) ids.add(pieceToId(bp));
                }
            } else if (unk && prevUnk) {
                // SentencePiece joins a run of unknown characters into one piece.
                if (pieces != null) pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + w);
            } else {
                if (pieces != null) pieces.add(w);
                if (ids != null) ids.add(id);
            }
            prevUnk = unk;
        }
    }

    /** Text from pieces: {@code ▁} back to spaces, the dummy prefix space dropped, control pieces invisible. */
    public String decode(List<String> pieces) {
        StringBuilder b = new StringBuilder();
        boolean bos = true;
        NormalizerSpec ns = proto.normalizerSpec();
        for (String piece : pieces) {
            Integer id = vocab.ids.get(piece);
            String w = piece;
            if (id != null && vocab.type(id) == PieceType.CONTROL) continue;
            if (id != null && id == vocab.unkId) w = proto.trainerSpec().unkSurface();
            else if (bos && (ns.addDummyPrefix() || ns.removeExtraWhitespaces()) && w.startsWith(Normalizer.SPACE))
                w = w.substring(1);
            b.append(w.replace(Normalizer.SPACE, " "));
            if (!w.isEmpty()) bos = false;
        }
        return b.toString();
    }

    public String decodeIds(int[] ids) {
        List<String> p = new ArrayList<>();
        for (int id : ids) p.add(idToPiece(id));
        return decode(p);
    }
}
