package textdive.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torch.save's two formats read without Python, and hostile pickles refused with nothing run. The fixtures were
 * written by Debian's python3-torch ({@code scripts/make_torch_fixtures.py}).
 */
class TorchFilesTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        return TorchFixtures.path(name);
    }

    @Test
    void theZipFormatGivesFastaiNamesAndShapesInOrder() throws IOException {
        Map<String, TorchTensor> sd = TorchFiles.stateDict(fixture("awd_tiny_v2.pth"));
        assertEquals(List.of("0.encoder.weight", "0.encoder_dp.emb.weight",
                "0.rnns.0.weight_hh_l0_raw", "0.rnns.0.module.weight_ih_l0", "0.rnns.0.module.bias_ih_l0", "0.rnns.0.module.bias_hh_l0",
                "0.rnns.1.weight_hh_l0_raw", "0.rnns.1.module.weight_ih_l0", "0.rnns.1.module.bias_ih_l0", "0.rnns.1.module.bias_hh_l0",
                "0.rnns.2.weight_hh_l0_raw", "0.rnns.2.module.weight_ih_l0", "0.rnns.2.module.bias_ih_l0", "0.rnns.2.module.bias_hh_l0",
                "1.decoder.weight", "1.decoder.bias"), List.copyOf(sd.keySet()));
        assertArrayEquals(new long[] {12, 4}, sd.get("0.encoder.weight").shape());
        assertArrayEquals(new long[] {24, 4}, sd.get("0.rnns.0.module.weight_ih_l0").shape());
        assertArrayEquals(new long[] {16, 6}, sd.get("0.rnns.2.module.weight_ih_l0").shape());
        assertEquals("float32", sd.get("1.decoder.bias").dtype());
        assertArrayEquals(sd.get("0.encoder.weight").floats(), sd.get("1.decoder.weight").floats(), "tied weights share one storage");
        for (float v : sd.get("0.encoder.weight").floats()) assertTrue(Math.abs(v) <= 0.1f, "fastai's U(-0.1, 0.1)");
    }

    @Test
    void theLegacyFormatReadsTheSameWeights() throws IOException {
        Map<String, TorchTensor> v2 = TorchFiles.stateDict(fixture("awd_tiny_v2.pth"));
        Map<String, TorchTensor> v1 = TorchFiles.stateDict(fixture("awd_tiny_v1_legacy.pth"));
        assertTrue(v1.containsKey("0.rnns.1.module.weight_hh_l0"), "fastai v1's extra copy of the dropped weight");
        for (var e : v2.entrySet()) assertArrayEquals(e.getValue().floats(), v1.get(e.getKey()).floats(), e.getKey());
        Object whole = TorchFiles.load(fixture("awd_tiny_v1_legacy.pth"));
        assertTrue(whole instanceof Map<?, ?> m && m.containsKey("opt"), "stateDict took the 'model' part of {'model', 'opt'}");
    }

    @Test
    void fastaisVocabPickleIsAListOfStrings() throws IOException {
        Object itos = TorchFiles.loadPickle(fixture("awd_tiny_itos.pkl"));
        assertEquals(List.of("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup", "xxmaj", "the", "movie", "good"), itos);
    }

    private static final List<String> HOSTILE = List.of("evil_system.pkl", "evil_eval.pkl", "evil_global_value.pkl", "evil_nested.pth",
            "evil_legacy.pth", "evil_exec.pth");

    /** Each fixture would create /tmp/textdive-pwned-NAME if its code ran. */
    @Test
    void picklesThatNamePythonCodeAreRefusedAndNothingRuns() throws IOException {
        for (String n : List.of("system", "eval", "popen", "legacy", "exec")) Files.deleteIfExists(Path.of("/tmp/textdive-pwned-" + n));
        Map<String, String> named = Map.of("evil_system.pkl", "system", "evil_eval.pkl", ".eval", "evil_global_value.pkl", "system",
                "evil_nested.pth", "Popen", "evil_legacy.pth", "system", "evil_exec.pth", ".exec");
        for (String f : HOSTILE) {
            UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> {
                if (f.endsWith(".pkl")) TorchFiles.loadPickle(fixture(f));
                else TorchFiles.load(fixture(f));
            }, f);
            assertTrue(e.getMessage().contains(named.get(f)), f + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("refused"), f + ": " + e.getMessage());
        }
        for (String n : List.of("system", "eval", "popen", "legacy", "exec")) {
            assertFalse(Files.exists(Path.of("/tmp/textdive-pwned-" + n)), "the code of a hostile pickle ran: /tmp/textdive-pwned-" + n);
        }
    }

    @Test
    void truncatedAndForeignFilesGetClearErrors() throws IOException {
        byte[] zip = Files.readAllBytes(fixture("awd_tiny_v2.pth"));
        Path cut = tmp.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(zip, zip.length / 2));
        var e1 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(cut));
        assertTrue(e1.getMessage().contains("cut.pth"), e1.getMessage());

        byte[] legacy = Files.readAllBytes(fixture("awd_tiny_v1_legacy.pth"));
        Path cutLegacy = tmp.resolve("cut_legacy.pth");
        Files.write(cutLegacy, Arrays.copyOf(legacy, legacy.length - 100));
        var e2 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(cutLegacy));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
        assertEquals(1, e2.getMessage().split(cutLegacy.toString(), -1).length - 1, "names the file once: " + e2.getMessage());
        Path cutPickle = tmp.resolve("cut_pickle.pth");
        Files.write(cutPickle, Arrays.copyOf(legacy, 40)); // inside the legacy file's first pickle
        var e2b = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(cutPickle));
        assertEquals(1, e2b.getMessage().split(cutPickle.toString(), -1).length - 1, "names the file once: " + e2b.getMessage());

        Path text = tmp.resolve("notes.pth");
        Files.writeString(text, "these are not weights\n");
        var e3 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(text));
        assertTrue(e3.getMessage().contains("notes.pth"), e3.getMessage());

        var e4 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(fixture("awd_tiny_itos.pkl")));
        assertTrue(e4.getMessage().contains("not a PyTorch file") || e4.getMessage().contains("not a state dict"), e4.getMessage());
        assertThrows(NoSuchFileException.class, () -> TorchFiles.load(tmp.resolve("absent.pth")));
    }

    @Test
    void halfPrecisionConvertsExactly() {
        assertEquals(1.0f, TorchFiles.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, TorchFiles.halfToFloat((short) 0xc000));
        assertEquals(65504f, TorchFiles.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, TorchFiles.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(TorchFiles.halfToFloat((short) 0x7c00)));
    }

    // ---------- hostile files: each used to escape as an unchecked exception, a hang, or a wrong tensor ----------

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** LONG1: any integer, little-endian two's complement. */
    private static byte[] long1(long v) {
        byte[] be = BigInteger.valueOf(v).toByteArray();
        byte[] out = new byte[be.length + 2];
        out[0] = (byte) 0x8a;
        out[1] = (byte) be.length;
        for (int i = 0; i < be.length; i++) out[2 + i] = be[be.length - 1 - i];
        return out;
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(new byte[] {'X', (byte) b.length, 0, 0, 0}, b);
    }

    private static byte[] tuple(long... vs) {
        byte[][] parts = new byte[vs.length + 2][];
        parts[0] = ascii("(");
        for (int i = 0; i < vs.length; i++) parts[i + 1] = long1(vs[i]);
        parts[vs.length + 1] = ascii("t");
        return cat(parts);
    }

    /** {'w': a tensor of storage '0' (numel float32 values) with this offset, size and stride}, as torch.save pickles it. */
    private static byte[] tensorPickle(long numel, long[] view, long offset, long[] size, long[] stride) {
        byte[] storage = cat(ascii("("), str("storage"), ascii("ctorch\nFloatStorage\n"), str("0"), str("cpu"), long1(numel),
                view == null ? new byte[0] : cat(ascii("("), str("0"), long1(view[0]), long1(view[1]), ascii("t")), ascii("tQ"));
        return cat(ascii("\u0080\u0002}"), str("w"), ascii("ctorch._utils\n_rebuild_tensor_v2\n("), storage, long1(offset), tuple(size), tuple(stride),
                ascii("\u0089}tRs."));
    }

    /** A zip as torch.save writes it (stored entries): {@code archive/data.pkl} and the storage {@code archive/data/0}. */
    private Path zipPth(String name, byte[] pickle, byte[] storage) throws IOException {
        Path f = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (var e : Map.of("archive/data.pkl", pickle, "archive/data/0", storage).entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private static final byte[] ZERO_TO_THREE = {0, 0, 0, 0, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40}; // 0f, 1f, 2f, 3f

    private TorchTensor tensorOf(String name, long[] view, long offset, long[] size, long[] stride) throws IOException {
        return TorchFiles.stateDict(zipPth(name, tensorPickle(4, view, offset, size, stride), ZERO_TO_THREE)).get("w");
    }

    /**
     * Sizes, strides and offsets are checked with exact arithmetic: a stride of 2^62 used to wrap around to index 0 and
     * load [0, 0, 0] without a word, sizes of 2^32 x 2^32 made an "empty" tensor of that shape, a missing stride was an
     * ArrayIndexOutOfBoundsException and a view at offset 2^63 - 1 read index -2^31.
     */
    @Test
    void stridesSizesAndOffsetsThatOverflowAreRefusedNotWrappedAround() throws IOException {
        assertArrayEquals(new float[] {0, 1, 2, 3}, tensorOf("plain.pth", null, 0, new long[] {2, 2}, new long[] {2, 1}).floats());
        assertArrayEquals(new float[] {0, 2, 1, 3}, tensorOf("transposed.pth", null, 0, new long[] {2, 2}, new long[] {1, 2}).floats());
        assertArrayEquals(new float[] {2, 3}, tensorOf("view.pth", new long[] {1, 3}, 1, new long[] {2}, new long[] {1}).floats());
        assertRefused("stride.pth", null, 0, new long[] {3}, new long[] {1L << 62},
                "a tensor of shape [3], strides [4611686018427387904], offset 0 overflows");
        assertRefused("sizes.pth", null, 0, new long[] {1L << 32, 1L << 32}, new long[] {1, 1},
                "a tensor of shape [4294967296, 4294967296], strides [1, 1], offset 0 overflows");
        assertRefused("offset.pth", null, 1L << 62, new long[] {2}, new long[] {1L << 62},
                "a tensor of shape [2], strides [4611686018427387904], offset 4611686018427387904 overflows");
        assertRefused("rank.pth", null, 0, new long[] {2, 2}, new long[] {1}, "a tensor has 2 sizes but 1 strides");
        assertRefused("view.pth", new long[] {Long.MAX_VALUE, 2}, 0, new long[] {1}, new long[] {1}, "a storage view outside its storage");
    }

    /** Loading the tensor {@link #tensorOf} writes is refused with a message that names the file and says {@code why}. */
    private void assertRefused(String name, long[] view, long offset, long[] size, long[] stride, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tensorOf(name, view, offset, size, stride), name);
        assertTrue(e.getMessage().startsWith(tmp.resolve(name).toString()) && e.getMessage().contains(why), e.getMessage());
    }

    /** Java's ZipFile does not check an entry's CRC-32: a flipped bit in a storage used to load as a wrong weight. */
    @Test
    void aFlippedBitInAStorageFailsItsZipChecksum() throws IOException {
        byte[] zip = Files.readAllBytes(fixture("awd_tiny_v2.pth"));
        byte[] name = ascii("awd_tiny_v2/data/0");
        int at = -1;
        for (int i = 0; at < 0 && i + name.length <= zip.length; i++) {
            if (Arrays.equals(zip, i, i + name.length, name, 0, name.length)) at = i; // the local header's name comes first
        }
        int extra = (zip[at - 2] & 0xff) | (zip[at - 1] & 0xff) << 8;
        zip[at + name.length + extra + 5] ^= 0x10;
        Path bad = tmp.resolve("flipped.pth");
        Files.write(bad, zip);
        var e = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(bad));
        assertEquals(bad + ": the checksum of zip entry 'awd_tiny_v2/data/0' does not match its data (corrupt file)", e.getMessage());
    }

    private Path pickle(String name, byte[] body) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, cat(ascii("\u0080\u0002"), body, ascii(".")));
        return f;
    }

    /** Protocol 0 carries numbers as text; a malformed one used to escape as a NumberFormatException naming no file. */
    @Test
    void malformedTextOpcodesAreCorruptPicklesNamingTheFile() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("I12x\n", "a malformed INT argument '12x'");
        cases.put("L--5L\n", "a malformed LONG argument '--5L'");
        cases.put("Fnope\n", "a malformed FLOAT argument 'nope'");
        cases.put("Vab\\u12\n", "a malformed UNICODE argument 'ab\\u12'");
        cases.put("Np-\n", "a malformed PUT argument '-'");
        cases.put("gxyz\n", "a malformed GET argument 'xyz'");
        int i = 0;
        for (var c : cases.entrySet()) {
            Path f = pickle("text" + i++ + ".pkl", ascii(c.getKey()));
            UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(f), c.getKey());
            assertTrue(e.getMessage().startsWith(f + ": " + c.getValue()), e.getMessage());
        }
        Path persid = pickle("persid.pkl", ascii("]Q"));
        var e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(persid));
        assertEquals(persid + ": a plain-data pickle refers to external data (a persistent id): refused", e.getMessage());
        Path noArgs = zipPth("noargs.pth", cat(ascii("\u0080\u0002}"), str("w"), ascii("ctorch._utils\n_rebuild_tensor_v2\n)Rs.")), new byte[0]);
        e = assertThrows(UnsafePickleException.class, () -> TorchFiles.load(noArgs));
        assertTrue(e.getMessage().startsWith(noArgs + " (archive/data.pkl): torch._utils._rebuild_tensor_v2 got unexpected arguments"), e.getMessage());
    }

    /** root = []; then n times: a new list appended to the last one (kept in memo slot 1), so that root is n deep. */
    private static byte[] nested(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("]q\u0000"));
        for (int i = 0; i < n; i++) out.writeBytes(ascii("]q\u0001a0h\u0001"));
        out.writeBytes(ascii("0h\u0000"));
        return out.toByteArray();
    }

    /**
     * Structures a pickle can describe in a few bytes but a recursive walk cannot finish: a list that contains itself
     * and lists nested 100 000 deep were StackOverflowErrors; 60 lists that each hold the next one twice (2^60 paths)
     * and the same as a dict key hung. Python cannot pickle anything deeper than 1000, nor use a list as a key.
     */
    @Test
    void selfContainingDeepAndExponentialPicklesAreRefusedOrShared() throws IOException {
        assertTrue(TorchFiles.loadPickle(pickle("deep999.pkl", nested(999))) instanceof List<?>);
        Path deep = pickle("deep.pkl", nested(100_000));
        var e = assertThrows(IllegalArgumentException.class, () -> TorchFiles.loadPickle(deep));
        assertEquals(deep + ": the pickle nests lists, dicts or tuples more than 1000 deep", e.getMessage());
        Path cycle = pickle("cycle.pkl", ascii("]q\u0000h\u0000a"));
        e = assertThrows(IllegalArgumentException.class, () -> TorchFiles.loadPickle(cycle));
        assertEquals(cycle + ": the pickle holds a list, dict or tuple that contains itself", e.getMessage());
        ByteArrayOutputStream dag = new ByteArrayOutputStream();
        dag.writeBytes(ascii("]q\u0000"));
        for (int i = 0; i < 60; i++) dag.writeBytes(ascii("0(h\u0000h\u0000lq\u0000"));
        Object shared = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> TorchFiles.loadPickle(pickle("dag.pkl", dag.toByteArray())));
        assertTrue(shared instanceof List<?> l && l.size() == 2 && l.get(0) == l.get(1), "shared, as in Python");
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(ascii("})q\u0000"));
        for (int i = 0; i < 60; i++) key.writeBytes(ascii("0h\u0000h\u0000\u0086q\u0000"));
        key.writeBytes(ascii("K\u0001s"));
        Path tupleKey = pickle("tuplekey.pkl", key.toByteArray());
        e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(tupleKey));
        assertTrue(e.getMessage().contains("a dict key (Tuple) is a list or dict, holds one, or is too large: not a hashable value"), e.getMessage());
        Path listKey = pickle("listkey.pkl", ascii("}]K\u0001s"));
        e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(listKey));
        assertTrue(e.getMessage().startsWith(listKey + ": a dict key (ArrayList)"), e.getMessage());
    }

    /** "]a" 50 million times deflates to 100 kB and was an OutOfMemoryError; so was one declared 1 GiB string. */
    @Test
    void picklesThatWouldFillTheHeapAreRefusedEarly() throws IOException {
        byte[] ops = new byte[(1 << 22) + 2]; // Unpickler.MAX_OPS + 1 opcodes
        Arrays.fill(ops, (byte) 'N');
        for (int i = 1; i < ops.length; i += 2) ops[i] = '0';
        Path many = pickle("many.pkl", ops);
        var e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(many));
        assertEquals(many + ": the pickle runs more than 4194304 operations: not a PyTorch or fastai pickle", e.getMessage());
        Path big = tmp.resolve("big.pkl");
        byte[] declared = cat(ascii("\u0080\u0004\u008e"), new byte[] {0, 0, 0, 0x40, 0, 0, 0, 0}); // BINBYTES8 of 2^30 bytes, none there
        Files.write(big, declared);
        e = assertThrows(UnsafePickleException.class, () -> TorchFiles.loadPickle(big));
        assertEquals(big + ": the pickle's strings and bytes add up to more than 134217728 bytes", e.getMessage());
    }

    /** A tensor of 100,000 dimensions of size 1 used to load; more than {@link TorchFiles#MAX_RANK} is refused, 64 still loads. */
    @Test
    void aTensorOfMoreDimensionsThanPyTorchHandlesIsRefused() throws IOException {
        long[] ones = new long[100_000];
        Arrays.fill(ones, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tensorOf("rank100000.pth", null, 0, ones, ones));
        assertEquals(tmp.resolve("rank100000.pth") + ": a tensor of 100000 dimensions (at most 64; corrupt file)", e.getMessage());
        long[] r65 = Arrays.copyOf(ones, 65);
        e = assertThrows(IllegalArgumentException.class, () -> tensorOf("rank65.pth", null, 0, r65, r65));
        assertEquals(tmp.resolve("rank65.pth") + ": a tensor of 65 dimensions (at most 64; corrupt file)", e.getMessage());
        long[] r64 = Arrays.copyOf(ones, 64);
        TorchTensor t = tensorOf("rank64.pth", null, 0, r64, r64);
        assertEquals(64, t.shape().length);
        assertArrayEquals(new float[] {0}, t.floats());
    }
}
