package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
}
