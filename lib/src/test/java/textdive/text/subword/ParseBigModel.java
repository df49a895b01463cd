package textdive.text.subword;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Child-process helper of {@link ModelFileBadInputTest}, run with {@code -Xmx256m}: a small valid
 * model plus 30 MB of fields SentencePiece never wrote, at the place args[0] names (root, trainer,
 * pieces), parsed; prints what happened.
 */
public final class ParseBigModel {
    static final int JUNK_BYTES = 30 << 20;

    public static void main(String[] args) throws IOException {
        byte[] model = build(args[0]);
        try {
            ModelProto m = ModelProto.parse(model);
            System.out.println("loaded " + m.pieces().size() + " pieces, encodes " + new SentencePieceModel(m).encode("the newest"));
        } catch (IllegalArgumentException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }

    /** 30 MB of 2-byte varint fields numbered 99. */
    static byte[] junk() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(JUNK_BYTES + 16);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        for (int i = 0; i < JUNK_BYTES / 3; i++) out.writeUInt64(99, 1); // tag 99 is two bytes, the value one
        out.flush();
        return bos.toByteArray();
    }

    static byte[] build(String where) throws IOException {
        ModelProto tiny = ModelFileBadInputTest.trained();
        ProtoFields root = ProtoFields.parse(tiny.toBytes());
        byte[] junk = junk();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        switch (where) {
            case "root" -> {
                bos.write(root.toBytes());
                bos.write(junk);
            }
            case "trainer" -> {
                ProtoFields r = new ProtoFields();
                for (ProtoFields.Field f : root.all(ModelProto.PIECES)) r.addBytes(ModelProto.PIECES, (byte[]) f.value());
                byte[] spec = root.bytes(ModelProto.TRAINER_SPEC);
                byte[] bigSpec = new byte[spec.length + junk.length];
                System.arraycopy(spec, 0, bigSpec, 0, spec.length);
                System.arraycopy(junk, 0, bigSpec, spec.length, junk.length);
                r.addBytes(ModelProto.TRAINER_SPEC, bigSpec).addBytes(ModelProto.NORMALIZER_SPEC, root.bytes(ModelProto.NORMALIZER_SPEC));
                bos.write(r.toBytes());
            }
            case "pieces" -> {
                ProtoFields r = new ProtoFields();
                var pieces = root.all(ModelProto.PIECES);
                int share = junk.length / pieces.size();
                for (ProtoFields.Field f : pieces) {
                    byte[] p = (byte[]) f.value();
                    byte[] big = new byte[p.length + share - share % 3];
                    System.arraycopy(p, 0, big, 0, p.length);
                    System.arraycopy(junk, 0, big, p.length, share - share % 3);
                    r.addBytes(ModelProto.PIECES, big);
                }
                r.addBytes(ModelProto.TRAINER_SPEC, root.bytes(ModelProto.TRAINER_SPEC)).addBytes(ModelProto.NORMALIZER_SPEC, root.bytes(ModelProto.NORMALIZER_SPEC));
                bos.write(r.toBytes());
            }
            default -> throw new IllegalArgumentException(where);
        }
        return bos.toByteArray();
    }

    private ParseBigModel() {}
}
