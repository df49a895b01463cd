package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.ChildJvm;

/** Damaged and crafted {@code .model} files are refused when loaded, never half-loaded or failing later in encode. */
class ModelFileBadInputTest {
    private static final List<String> SAMPLES = List.of("the newest roads", "ＡＢＣ café ½", "  spaced   out  ");

    /** A unigram model trained here, with SentencePiece's default nmt_nfkc normalizer (a real charsmap). */
    static ModelProto trained() {
        return SentencePieceTrainer.trainProto(SentencePieceTrainerTest.CORPUS,
                TrainerSpec.defaults(ModelType.UNIGRAM, 40), NormalizerSpec.nmtNfkc());
    }

    /** Where each top-level field of a serialized model ends. */
    private static List<Integer> fieldBoundaries(byte[] b) throws IOException {
        List<Integer> out = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(b);
        for (int tag; (tag = in.readTag()) != 0; ) {
            in.skipField(tag);
            out.add(in.getTotalBytesRead());
        }
        return out;
    }

    @Test
    void aFileCutAtAFieldBoundaryIsRefusedOrEncodesTheSame() throws IOException {
        ModelProto m = trained();
        byte[] bytes = m.toBytes();
        SentencePieceModel whole = new SentencePieceModel(m);
        List<Integer> cuts = fieldBoundaries(bytes);
        assertEquals(bytes.length, cuts.get(cuts.size() - 1));
        int refused = 0;
        for (int cut : cuts.subList(0, cuts.size() - 1)) {
            byte[] part = Arrays.copyOf(bytes, cut);
            ModelProto loaded;
            try {
                loaded = ModelProto.parse(part);
            } catch (IllegalArgumentException e) {
                refused++;
                continue;
            }
            SentencePieceModel sp = new SentencePieceModel(loaded);
            for (String s : SAMPLES) assertEquals(whole.encode(s), sp.encode(s), "cut at " + cut + " of " + bytes.length + " loaded and encodes '" + s + "' differently");
        }
        assertTrue(refused >= cuts.size() - 2, refused + " of " + (cuts.size() - 1) + " cuts refused");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(Arrays.copyOf(bytes, cuts.get(cuts.size() - 3))));
        assertTrue(e.getMessage().contains("no trainer spec") || e.getMessage().contains("no normalizer spec"), e.getMessage());
    }

    @Test
    void aCraftedCharsmapIsRefusedAtLoadNotWithAnIndexErrorInEncode() {
        byte[] blob = CharsMap.compile(Map.of("a", "b", "ab", "c"));
        ByteBuffer bb = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int units = bb.getInt(0) / 4;
        // the node for 'a': move its children (and so its leaf) far outside the array
        int rootOffset = bb.getInt(4) >>> 10;
        int aNode = rootOffset ^ 'a';
        int u = bb.getInt(4 + 4 * aNode);
        assertEquals('a', u & 0xff);
        bb.putInt(4 + 4 * aNode, (u & 0x1ff) | (((1 << 21) - 1) << 10));
        assertTrue(((1 << 21) - 1 ^ aNode) > units, "the crafted offset points outside the trie");
        NormalizerSpec crafted = new NormalizerSpec("nmt_nfkc", blob, true, true, true);
        ModelProto m = new ModelProto(trained().pieces(), trained().trainerSpec(), crafted, null);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(m.toBytes()));
        assertTrue(e.getMessage().contains("precompiled charsmap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SentencePieceModel(m), "also when the proto is built in memory");
    }

    @Test
    void aBuiltInNormalizerWithoutItsCharsmapIsRefused() {
        ModelProto t = trained();
        NormalizerSpec empty = new NormalizerSpec("nmt_nfkc", new byte[0], true, true, true);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(new ModelProto(t.pieces(), t.trainerSpec(), empty, null).toBytes()));
        assertTrue(e.getMessage().contains("'nmt_nfkc' has no precompiled charsmap"), e.getMessage());
    }

    @Test
    void thirtyMegabytesOfUnknownFieldsParseInA256MegabyteHeap() throws Exception {
        for (String where : List.of("root", "trainer", "pieces")) {
            Process p = ChildJvm.start(List.of("-Xmx256m", "-XX:+UseSerialGC"), ParseBigModel.class, where);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), where + ": " + out);
            assertTrue(!out.contains("OutOfMemoryError"), where + ": " + out);
            if (where.equals("trainer")) assertTrue(out.startsWith("refused: ") && out.contains("more than 100000 fields"), where + ": " + out);
            else assertTrue(out.startsWith("loaded 40 pieces"), where + ": " + out);
        }
    }

    /** The model's bytes with one of its root messages (a spec, by field number) changed. */
    private static byte[] withSpec(ModelProto m, int specField, Consumer<ProtoFields> change) throws IOException {
        ProtoFields root = ProtoFields.parse(m.toBytes());
        ProtoFields spec = ProtoFields.parse(root.bytes(specField));
        change.accept(spec);
        return root.setBytes(specField, spec.toBytes()).toBytes();
    }

    /** The model's bytes with the message of piece {@code index} replaced by {@code piece}. */
    private static byte[] withPiece(ModelProto m, int index, byte[] piece) throws IOException {
        ProtoFields root = ProtoFields.parse(m.toBytes()), out = new ProtoFields();
        List<ProtoFields.Field> pieces = root.all(ModelProto.PIECES);
        for (int i = 0; i < pieces.size(); i++) out.addBytes(ModelProto.PIECES, i == index ? piece : (byte[]) pieces.get(i).value());
        return out.addBytes(ModelProto.TRAINER_SPEC, root.bytes(ModelProto.TRAINER_SPEC))
                .addBytes(ModelProto.NORMALIZER_SPEC, root.bytes(ModelProto.NORMALIZER_SPEC)).toBytes();
    }

    private static String refusal(byte[] model) {
        return assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(model)).getMessage();
    }

    @Test
    void aSpecFieldOfTheWrongWireTypeIsRefusedAtLoadNotWithAClassCastInEncode(@TempDir Path dir) throws IOException {
        ModelProto m = trained();
        // byte_fallback is read only in encode, unk_surface only in decode: both used to throw ClassCastException there
        Path file = Files.write(dir.resolve("bytes.model"), withSpec(m, ModelProto.TRAINER_SPEC, f -> f.setBytes(TrainerSpec.BYTE_FALLBACK, new byte[]{1})));
        var e = assertThrows(IllegalArgumentException.class, () -> SentencePieceModel.load(file));
        assertEquals("not a valid SentencePiece model: " + file + " (the trainer spec's field 35 has wire type 2, not 0)", e.getMessage());
        assertEquals("the trainer spec's field 44 has wire type 0, not 2",
                refusal(withSpec(m, ModelProto.TRAINER_SPEC, f -> f.setVarint(TrainerSpec.UNK_SURFACE, 1))));
        assertEquals("the trainer spec's field 10 has wire type 0, not 5",
                refusal(withSpec(m, ModelProto.TRAINER_SPEC, f -> f.setVarint(TrainerSpec.CHARACTER_COVERAGE, 1))));
        assertEquals("the normalizer spec's field 1 has wire type 0, not 2",
                refusal(withSpec(m, ModelProto.NORMALIZER_SPEC, f -> f.setVarint(NormalizerSpec.NAME, 7))));
        assertEquals("the normalizer spec's field 3 has wire type 2, not 0",
                refusal(withSpec(m, ModelProto.NORMALIZER_SPEC, f -> f.setBytes(NormalizerSpec.ADD_DUMMY_PREFIX, new byte[0]))));
        // a field we do not read keeps any wire type
        assertEquals(m.pieces(), ModelProto.parse(withSpec(m, ModelProto.TRAINER_SPEC, f -> f.setBytes(999, new byte[]{1}))).pieces());
    }

    @Test
    void aDamagedPieceIsRefusedNotReadWithADefaultScoreOrType() throws IOException {
        ModelProto m = trained();
        ProtoFields good = new ProtoFields().setString(ModelProto.PIECE, "zz").setFloat(ModelProto.SCORE, -2.5f);
        assertEquals(new Piece("zz", -2.5f, PieceType.NORMAL), ModelProto.parse(withPiece(m, 3, good.toBytes())).pieces().get(3));
        assertEquals("piece 3's field 2 has wire type 0, not 5",
                refusal(withPiece(m, 3, new ProtoFields().setString(ModelProto.PIECE, "zz").setVarint(ModelProto.SCORE, 2).toBytes())));
        assertEquals("piece 3's field 3 has wire type 2, not 0",
                refusal(withPiece(m, 3, good.copy().setBytes(ModelProto.TYPE, new byte[]{2}).toBytes())));
        // an end-group tag (field 7) used to end the piece quietly, dropping the score after it
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        cut.writeBytes(new ProtoFields().setString(ModelProto.PIECE, "zz").toBytes());
        cut.write(7 << 3 | 4);
        cut.writeBytes(new ProtoFields().setFloat(ModelProto.SCORE, -2.5f).toBytes());
        assertEquals("piece 3 has an end-group tag outside any group", refusal(withPiece(m, 3, cut.toByteArray())));
        assertEquals("piece 3 has type 4294967297, not a piece type",
                refusal(withPiece(m, 3, good.copy().setVarint(ModelProto.TYPE, (1L << 32) + 1).toBytes())));
        assertEquals("piece 3 contains a NUL character", refusal(withPiece(m, 3, good.copy().setString(ModelProto.PIECE, "a\0").toBytes())));
        byte[] whole = m.toBytes(), endGroup = Arrays.copyOf(whole, whole.length + 1);
        endGroup[whole.length] = 7 << 3 | 4;
        assertEquals("the model has an end-group tag outside any group (field 7)", refusal(endGroup));
    }

    @Test
    void bytePiecesFollowSentencePiecesRules() {
        ModelProto t = trained();
        TrainerSpec fallback = new TrainerSpec(t.trainerSpec().fields.copy().setBool(TrainerSpec.BYTE_FALLBACK, true));
        List<Piece> withByte = new ArrayList<>(t.pieces());
        withByte.add(new Piece("<0x41>", 0, PieceType.BYTE));
        // without all 256 byte pieces, an unknown byte used to encode as '<0x..>' with the unknown id
        assertEquals("the model has byte_fallback but 0 of the 256 byte pieces", refusal(new ModelProto(t.pieces(), fallback, t.normalizerSpec(), null).toBytes()));
        assertEquals("byte piece 40 '<0x41>' is in a model without byte_fallback", refusal(new ModelProto(withByte, t.trainerSpec(), t.normalizerSpec(), null).toBytes()));
        List<Piece> all = new ArrayList<>(t.pieces());
        for (int b = 0; b < 256; b++) all.add(new Piece(String.format("<0x%02X>", b), 0, PieceType.BYTE));
        SentencePieceModel sp = new SentencePieceModel(ModelProto.parse(new ModelProto(all, fallback, t.normalizerSpec(), null).toBytes()));
        assertEquals(List.of("<0xE2>", "<0x82>", "<0xAC>"), sp.encode("€").subList(1, 4));
        all.set(40 + 0x4f, new Piece("<0x4f>", 0, PieceType.BYTE));
        assertEquals("byte piece 119 '<0x4f>' is not named <0x00> to <0xFF>", refusal(new ModelProto(all, fallback, t.normalizerSpec(), null).toBytes()));
    }

    @Test
    void aModelOfATypeWeCannotRunIsRefusedWithItsFileName(@TempDir Path dir) throws IOException {
        ModelProto t = trained();
        Path file = dir.resolve("word.model");
        new ModelProto(t.pieces(), t.trainerSpec().withModelType(ModelType.WORD), t.normalizerSpec(), null).save(file);
        var e = assertThrows(IllegalArgumentException.class, () -> SentencePieceModel.load(file));
        assertEquals("cannot use SentencePiece model " + file + ": model type WORD is not supported (only UNIGRAM and BPE)", e.getMessage());
    }

    /** A model whose normalizer has the given charsmap blob. */
    private static byte[] withCharsmap(byte[] blob) {
        ModelProto t = trained();
        return new ModelProto(t.pieces(), t.trainerSpec(), new NormalizerSpec("custom", blob, true, true, true), null).toBytes();
    }

    @Test
    void aCharsmapIsRefusedWhereSentencePieceWouldReadPastItsEnd() {
        byte[] blob = CharsMap.compile(Map.of("a", "é"));
        assertEquals("▁é", new SentencePieceModel(ModelProto.parse(withCharsmap(blob))).normalize("a"));
        int strings = blob.length - 3; // "é" and its zero end the blob
        byte[] notUtf8 = blob.clone();
        notUtf8[strings + 1] = 'x';
        assertEquals("precompiled charsmap: a rule's replacement at 0 is not zero-terminated UTF-8", refusal(withCharsmap(notUtf8)));
        assertEquals("precompiled charsmap: a rule's replacement at 0 is not zero-terminated UTF-8", refusal(withCharsmap(Arrays.copyOf(blob, blob.length - 1))));
        // a trie declared as its root unit alone: its children's block lies past the declared end
        byte[] rootOnly = blob.clone();
        ByteBuffer.wrap(rootOnly).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 4);
        assertEquals("precompiled charsmap: a node's children lie outside the trie", refusal(withCharsmap(rootOnly)));
        byte[] huge = new byte[(int) CharsMap.MAX_TRIE_BYTES + 8];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) CharsMap.MAX_TRIE_BYTES + 4);
        assertEquals("precompiled charsmap has a trie of 8388612 bytes, over the 8 MB allowed", refusal(withCharsmap(huge)));
    }

    @Test
    void longPiecesAreRefusedBeforeTheyFillTheHeap() throws IOException {
        ModelProto m = trained();
        // one 30 MB piece used to run a 1 GB heap out of memory while its trie was built
        byte[] huge = new ProtoFields().setString(ModelProto.PIECE, "a".repeat(ModelProto.MAX_PIECE_CHARS)).toBytes();
        assertEquals("the pieces hold more than 8388608 characters in all", refusal(withPiece(m, 3, huge)));
    }

    @Test
    void aLongUnusedBpePieceLoadsInLinearTime() {
        ModelProto t = trained();
        List<Piece> pieces = new ArrayList<>(t.pieces());
        pieces.add(new Piece("▁" + "ab".repeat(100_000), -1, PieceType.UNUSED));
        ModelProto bpe = new ModelProto(pieces, t.trainerSpec().withModelType(ModelType.BPE), t.normalizerSpec(), null);
        // every cut of the piece used to be tried by substrings: 200k cuts of 200k characters
        SentencePieceModel sp = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new SentencePieceModel(ModelProto.parse(bpe.toBytes())));
        assertEquals(41, sp.vocabSize());
    }
}
