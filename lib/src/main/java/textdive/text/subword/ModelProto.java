package textdive.text.subword;

import textdive.io.AtomicFiles;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
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

    /** A {@code .model} file larger than this is refused before it is read (the largest public models are about 5 MB). */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** At most this many pieces (SentencePiece vocabularies in use have at most a few hundred thousand). */
    public static final int MAX_PIECES = 1 << 20;

    public static ModelProto load(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES)
                throw new IllegalArgumentException("not a valid SentencePiece model: " + file + " is " + size + " bytes, over the "
                        + (MAX_FILE_BYTES >> 20) + " MB a model file may have");
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

    /**
     * Parses a serialized ModelProto; malformed bytes give an IllegalArgumentException saying what is
     * wrong. Parsing keeps only what a model uses (fields of the root message other than the pieces and
     * specs are skipped, not stored), so what it allocates is bounded by the size of what it keeps; the
     * result is then {@linkplain #validate validated}.
     */
    public static ModelProto parse(byte[] bytes) {
        try {
            if (bytes.length > MAX_FILE_BYTES) throw new IllegalArgumentException("the model is " + bytes.length + " bytes, over " + (MAX_FILE_BYTES >> 20) + " MB");
            List<Piece> pieces = new ArrayList<>();
            byte[] trainer = null, normalizer = null, denormalizer = null;
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = in.readTag()) != 0; ) {
                int number = WireFormat.getTagFieldNumber(tag);
                boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (number == PIECES && delimited) {
                    if (pieces.size() == MAX_PIECES) throw new IllegalArgumentException("the model has more than " + MAX_PIECES + " pieces");
                    pieces.add(piece(in.readByteArray(), pieces.size()));
                } else if (number == TRAINER_SPEC && delimited) {
                    trainer = in.readByteArray();
                } else if (number == NORMALIZER_SPEC && delimited) {
                    normalizer = in.readByteArray();
                } else if (number == DENORMALIZER_SPEC && delimited) {
                    denormalizer = in.readByteArray();
                } else if (!in.skipField(tag)) { // self-test data and fields of later versions: not kept
                    break;
                }
            }
            if (pieces.isEmpty()) throw new IllegalArgumentException("the model has no pieces");
            if (trainer == null) throw new IllegalArgumentException("the model has no trainer spec (a file cut short after its pieces?)");
            if (normalizer == null) throw new IllegalArgumentException("the model has no normalizer spec (a file cut short after its trainer spec?)");
            ModelProto m = new ModelProto(pieces, new TrainerSpec(ProtoFields.parse(trainer)), NormalizerSpec.from(ProtoFields.parse(normalizer)),
                    denormalizer == null ? null : NormalizerSpec.from(ProtoFields.parse(denormalizer)));
            m.validate();
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("malformed protobuf: " + e.getMessage(), e);
        }
    }

    /** One piece message: its text, score and type; other fields are skipped. */
    private static Piece piece(byte[] b, int index) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String text = "";
        float score = 0f;
        int type = 1;
        for (int tag; (tag = in.readTag()) != 0; ) {
            int number = WireFormat.getTagFieldNumber(tag), wt = WireFormat.getTagWireType(tag);
            if (number == PIECE && wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) text = in.readStringRequireUtf8();
            else if (number == SCORE && wt == WireFormat.WIRETYPE_FIXED32) score = Float.intBitsToFloat(in.readRawLittleEndian32());
            else if (number == TYPE && wt == WireFormat.WIRETYPE_VARINT) type = (int) in.readRawVarint64();
            else if (!in.skipField(tag)) break;
        }
        if (text.isEmpty()) throw new IllegalArgumentException("piece " + index + " is empty");
        return new Piece(text, score, PieceType.of(type));
    }

    /**
     * Checks that the parts fit together, so that a damaged or crafted file fails here and not later
     * in {@code encode}: an unknown piece and no duplicates ({@link Vocab}), a supported model type,
     * each normalizer's charsmap well-formed with every index in range ({@link CharsMap#decode}), and a
     * charsmap present wherever the normalizer names a built-in rule set.
     */
    public void validate() {
        new Vocab(pieces);
        trainerSpec.modelType(); // an unknown number throws
        for (NormalizerSpec ns : java.util.Arrays.asList(normalizerSpec, denormalizerSpec)) {
            if (ns == null) continue;
            CharsMap.decode(ns.precompiledCharsmap());
            if (ns.precompiledCharsmap().length == 0 && BUILT_IN_RULES.contains(ns.name()))
                throw new IllegalArgumentException("the normalizer '" + ns.name() + "' has no precompiled charsmap (the rules are missing)");
        }
    }

    /** SentencePiece's named rule sets, each compiled into the model's charsmap by {@code spm_train}. */
    private static final java.util.Set<String> BUILT_IN_RULES = java.util.Set.of("nmt_nfkc", "nfkc", "nmt_nfkc_cf", "nfkc_cf");

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
