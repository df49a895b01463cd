package textdive.text.subword;

import textdive.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece {@code .model} file: the vocabulary (pieces with scores and types), the trainer
 * spec and the normalizer spec, read and written in protobuf wire format so that models move
 * freely between textdive and the {@code spm_*} tools. Self-test data is not kept.
 */
public record ModelProto(List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec,
                         NormalizerSpec denormalizerSpec) {
    static final int PIECES = 1, TRAINER_SPEC = 2, NORMALIZER_SPEC = 3, DENORMALIZER_SPEC = 5;
    static final int PIECE = 1, SCORE = 2, TYPE = 3;

    public ModelProto {
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty()) throw new IllegalArgumentException("a model needs at least one piece");
    }

    public static ModelProto load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file, e);
        }
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid SentencePiece model: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Parses a serialized ModelProto; malformed bytes give an IllegalArgumentException saying what is wrong. */
    public static ModelProto parse(byte[] bytes) {
        try {
            ProtoFields root = ProtoFields.parse(bytes);
            List<Piece> pieces = new ArrayList<>();
            for (ProtoFields.Field f : root.all(PIECES)) {
                if (!(f.value() instanceof byte[] b)) throw new IllegalArgumentException("pieces must be messages");
                ProtoFields p = ProtoFields.parse(b);
                String text = p.string(PIECE, "");
                if (text.isEmpty()) throw new IllegalArgumentException("piece " + pieces.size() + " is empty");
                pieces.add(new Piece(text, p.float32(SCORE, 0f), PieceType.of(p.int32(TYPE, 1))));
            }
            if (pieces.isEmpty()) throw new IllegalArgumentException("the model has no pieces");
            TrainerSpec ts = new TrainerSpec(sub(root, TRAINER_SPEC));
            ProtoFields norm = sub(root, NORMALIZER_SPEC);
            NormalizerSpec ns = NormalizerSpec.from(norm);
            NormalizerSpec dn = root.has(DENORMALIZER_SPEC) ? NormalizerSpec.from(sub(root, DENORMALIZER_SPEC)) : null;
            return new ModelProto(pieces, ts, ns, dn);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("malformed protobuf: " + e.getMessage(), e);
        }
    }

    private static ProtoFields sub(ProtoFields root, int number) throws IOException {
        byte[] b = root.bytes(number);
        return b == null ? new ProtoFields() : ProtoFields.parse(b);
    }

    public byte[] toBytes() {
        ProtoFields root = new ProtoFields();
        for (Piece p : pieces) {
            ProtoFields pf = new ProtoFields();
            pf.setBytes(PIECE, p.piece().getBytes(StandardCharsets.UTF_8));
            pf.setFloat(SCORE, p.score());
            if (p.type() != PieceType.NORMAL) pf.setVarint(TYPE, p.type().number);
            root.addBytes(PIECES, pf.toBytes());
        }
        root.addBytes(TRAINER_SPEC, trainerSpec.fields.toBytes());
        root.addBytes(NORMALIZER_SPEC, normalizerSpec.toFields().toBytes());
        if (denormalizerSpec != null) root.addBytes(DENORMALIZER_SPEC, denormalizerSpec.toFields().toBytes());
        return root.toBytes();
    }

    /** Writes atomically: a temp file beside the target, then a move. */
    public void save(Path file) {
        try {
            AtomicFiles.writeBytes(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + file, e);
        }
    }
}
