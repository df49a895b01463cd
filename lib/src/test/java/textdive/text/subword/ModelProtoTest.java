package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelProtoTest {
    static ModelProto tiny() {
        List<Piece> pieces = List.of(new Piece("<unk>", 0, PieceType.UNKNOWN), new Piece("<s>", 0, PieceType.CONTROL),
                new Piece("xxbos", 0, PieceType.USER_DEFINED), new Piece("▁the", -1.5f, PieceType.NORMAL),
                new Piece("é", -3.25f, PieceType.NORMAL));
        return new ModelProto(pieces, TrainerSpec.defaults(ModelType.BPE, 5).withUserDefinedSymbols(List.of("xxbos")),
                NormalizerSpec.identity(), null);
    }

    @Test
    void writesAndReadsBackEveryField(@TempDir Path dir) {
        ModelProto m = tiny();
        Path f = dir.resolve("tiny.model");
        m.save(f);
        ModelProto back = ModelProto.load(f);
        assertEquals(m.pieces(), back.pieces());
        assertEquals(ModelType.BPE, back.trainerSpec().modelType());
        assertEquals(5, back.trainerSpec().vocabSize());
        assertEquals(List.of("xxbos"), back.trainerSpec().userDefinedSymbols());
        assertEquals("identity", back.normalizerSpec().name());
        assertTrue(back.normalizerSpec().addDummyPrefix());
        assertArrayEquals(m.toBytes(), back.toBytes());
    }

    @Test
    void keepsSpecFieldsItDoesNotKnow() throws Exception {
        ProtoFields spec = new ProtoFields().setVarint(TrainerSpec.MODEL_TYPE, 1).setString(999, "future").setInt32(4, 77);
        ProtoFields root = new ProtoFields();
        ProtoFields piece = new ProtoFields().setString(1, "<unk>").setVarint(3, 2);
        root.addBytes(1, piece.toBytes()).addBytes(2, spec.toBytes()).addBytes(3, NormalizerSpec.identity().toFields().toBytes());
        ModelProto m = ModelProto.parse(root.toBytes());
        assertEquals(77, m.trainerSpec().vocabSize());
        assertEquals("future", ProtoFields.parse(ModelProto.parse(m.toBytes()).trainerSpec().fields.toBytes()).string(999, null));
    }

    @Test
    void negativeIdsSurviveTheVarintEncoding() {
        TrainerSpec s = TrainerSpec.defaults(ModelType.UNIGRAM, 100).withSpecialIds(3, -1, -1, -1);
        ModelProto m = new ModelProto(tiny().pieces(), s, NormalizerSpec.identity(), null);
        ModelProto back = ModelProto.parse(m.toBytes());
        assertEquals(-1, back.trainerSpec().bosId());
        assertEquals(3, back.trainerSpec().unkId());
    }

    @Test
    void corruptedBytesGiveAClearError(@TempDir Path dir) throws Exception {
        byte[] good = tiny().toBytes();
        Path truncated = Files.write(dir.resolve("cut.model"), Arrays.copyOf(good, good.length - 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelProto.load(truncated));
        assertTrue(e.getMessage().contains("not a valid SentencePiece model"), e.getMessage());
        Path text = Files.writeString(dir.resolve("text.model"), "this is not a protobuf at all, just text");
        assertThrows(IllegalArgumentException.class, () -> ModelProto.load(text));
        Path empty = Files.write(dir.resolve("empty.model"), new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> ModelProto.load(empty));
        assertTrue(e.getMessage().contains("no pieces"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelProto.load(dir.resolve("missing.model")));
        assertTrue(e.getMessage().contains("no such model file"), e.getMessage());
    }

    @Test
    void aModelWithoutUnknownPieceIsRejected() {
        ModelProto m = new ModelProto(List.of(new Piece("a", -1, PieceType.NORMAL)),
                TrainerSpec.defaults(ModelType.UNIGRAM, 1), NormalizerSpec.identity(), null);
        var e = assertThrows(IllegalArgumentException.class, () -> new SentencePieceModel(m));
        assertTrue(e.getMessage().contains("unknown piece"));
    }
}
