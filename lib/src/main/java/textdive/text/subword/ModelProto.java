package textdive.text.subword;

import java.util.Arrays;
import java.util.Set;
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
import java.util.BitSet;
import java.util.List;
import java.util.Map;

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
    /**
     * At most this many characters in all pieces together: the segmenters' tries take tens of bytes per
     * character, so a file of a few long pieces would otherwise fill the heap. Vocabularies of 256k
     * pieces hold about 2 million characters.
     */
    public static final int MAX_PIECE_CHARS = 1 << 23;

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
            long pieceChars = 0;
            byte[] trainer = null, normalizer = null, denormalizer = null;
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = in.readTag()) != 0; ) {
                int number = WireFormat.getTagFieldNumber(tag);
                boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (number == PIECES && delimited) {
                    if (pieces.size() == MAX_PIECES) throw new IllegalArgumentException("the model has more than " + MAX_PIECES + " pieces");
                    pieces.add(piece(in.readByteArray(), pieces.size()));
                    pieceChars += pieces.get(pieces.size() - 1).piece().length();
                    if (pieceChars > MAX_PIECE_CHARS) throw new IllegalArgumentException("the pieces hold more than " + MAX_PIECE_CHARS + " characters in all");
                } else if (number == TRAINER_SPEC && delimited) {
                    trainer = in.readByteArray();
                } else if (number == NORMALIZER_SPEC && delimited) {
                    normalizer = in.readByteArray();
                } else if (number == DENORMALIZER_SPEC && delimited) {
                    denormalizer = in.readByteArray();
                } else if (!in.skipField(tag)) { // self-test data and fields of later versions: not kept
                    throw new IllegalArgumentException("the model has an end-group tag outside any group (field " + number + ")");
                }
            }
            if (pieces.isEmpty()) throw new IllegalArgumentException("the model has no pieces");
            if (trainer == null) throw new IllegalArgumentException("the model has no trainer spec (a file cut short after its pieces?)");
            if (normalizer == null) throw new IllegalArgumentException("the model has no normalizer spec (a file cut short after its trainer spec?)");
            ModelProto m = new ModelProto(pieces, TrainerSpec.from(ProtoFields.parse(trainer)), NormalizerSpec.from(ProtoFields.parse(normalizer)),
                    denormalizer == null ? null : NormalizerSpec.from(ProtoFields.parse(denormalizer)));
            m.validate();
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("malformed protobuf: " + e.getMessage(), e);
        }
    }

    /** The wire type of each field of a piece message that {@link #piece} reads. */
    private static final Map<Integer, Integer> PIECE_WIRE_TYPES = ProtoFields.wireTypes(
            new int[]{TYPE}, new int[]{SCORE}, new int[]{PIECE});

    /**
     * One piece message: its text, score and type; other fields are skipped. A known field of the
     * wrong wire type or an end-group tag is refused, so a damaged piece is not read as a piece of
     * score 0 or type NORMAL.
     */
    private static Piece piece(byte[] b, int index) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String text = "";
        float score = 0f;
        int type = 1;
        for (int tag; (tag = in.readTag()) != 0; ) {
            int number = WireFormat.getTagFieldNumber(tag), wt = WireFormat.getTagWireType(tag);
            Integer want = PIECE_WIRE_TYPES.get(number);
            if (want != null && want != wt)
                throw new IllegalArgumentException("piece " + index + "'s field " + number + " has wire type " + wt + ", not " + want);
            if (number == PIECE) text = in.readStringRequireUtf8();
            else if (number == SCORE) score = Float.intBitsToFloat(in.readRawLittleEndian32());
            else if (number == TYPE) type = pieceType(in.readRawVarint64(), index);
            else if (!in.skipField(tag)) throw new IllegalArgumentException("piece " + index + " has an end-group tag outside any group");
        }
        if (text.isEmpty()) throw new IllegalArgumentException("piece " + index + " is empty");
        // SentencePiece keeps pieces in a trie of C strings, where a NUL byte cannot be stored (spm_encode aborts).
        if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("piece " + index + " contains a NUL character");
        return new Piece(text, score, PieceType.of(type));
    }

    /** A type number beyond int32 is refused, not cut to 32 bits (where 2^32 + 1 would read as NORMAL). */
    private static int pieceType(long number, int index) {
        if (number != (int) number) throw new IllegalArgumentException("piece " + index + " has type " + number + ", not a piece type");
        return (int) number;
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
        checkBytePieces();
        for (NormalizerSpec ns : Arrays.asList(normalizerSpec, denormalizerSpec)) {
            if (ns == null) continue;
            CharsMap.decode(ns.precompiledCharsmap());
            if (ns.precompiledCharsmap().length == 0 && BUILT_IN_RULES.contains(ns.name()))
                throw new IllegalArgumentException("the normalizer '" + ns.name() + "' has no precompiled charsmap (the rules are missing)");
        }
    }

    /**
     * SentencePiece's rules for byte pieces: each is named {@code <0xHH>} (upper-case hex), they appear
     * only with {@code byte_fallback}, and then all 256 are there, so that every byte of an unknown
     * character has its own piece (a missing one would silently encode as the unknown id).
     */
    private void checkBytePieces() {
        boolean fallback = trainerSpec.byteFallback();
        BitSet bytes = new BitSet(256);
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (p.type() != PieceType.BYTE) continue;
            if (!fallback) throw new IllegalArgumentException("byte piece " + i + " '" + p.piece() + "' is in a model without byte_fallback");
            int b = byteOfPiece(p.piece());
            if (b < 0) throw new IllegalArgumentException("byte piece " + i + " '" + p.piece() + "' is not named <0x00> to <0xFF>");
            bytes.set(b);
        }
        if (fallback && bytes.cardinality() != 256)
            throw new IllegalArgumentException("the model has byte_fallback but " + bytes.cardinality() + " of the 256 byte pieces");
    }

    /** The byte a piece {@code <0xHH>} stands for, or -1 for any other text. */
    static int byteOfPiece(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') return -1;
        int hi = Character.digit(piece.charAt(3), 16), lo = Character.digit(piece.charAt(4), 16);
        if (hi < 0 || lo < 0 || !piece.equals(String.format("<0x%02X>", hi * 16 + lo))) return -1;
        return hi * 16 + lo;
    }

    /** SentencePiece's named rule sets, each compiled into the model's charsmap by {@code spm_train}. */
    private static final Set<String> BUILT_IN_RULES = Set.of("nmt_nfkc", "nfkc", "nmt_nfkc_cf", "nfkc_cf");

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
