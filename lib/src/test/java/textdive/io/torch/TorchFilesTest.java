package textdive.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Files.write(cut, java.util.Arrays.copyOf(zip, zip.length / 2));
        var e1 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(cut));
        assertTrue(e1.getMessage().contains("cut.pth"), e1.getMessage());

        byte[] legacy = Files.readAllBytes(fixture("awd_tiny_v1_legacy.pth"));
        Path cutLegacy = tmp.resolve("cut_legacy.pth");
        Files.write(cutLegacy, java.util.Arrays.copyOf(legacy, legacy.length - 100));
        var e2 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(cutLegacy));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());

        Path text = tmp.resolve("notes.pth");
        Files.writeString(text, "these are not weights\n");
        var e3 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(text));
        assertTrue(e3.getMessage().contains("notes.pth"), e3.getMessage());

        var e4 = assertThrows(IllegalArgumentException.class, () -> TorchFiles.stateDict(fixture("awd_tiny_itos.pkl")));
        assertTrue(e4.getMessage().contains("not a PyTorch file") || e4.getMessage().contains("not a state dict"), e4.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> TorchFiles.load(tmp.resolve("absent.pth")));
    }

    @Test
    void halfPrecisionConvertsExactly() {
        assertEquals(1.0f, TorchFiles.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, TorchFiles.halfToFloat((short) 0xc000));
        assertEquals(65504f, TorchFiles.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, TorchFiles.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(TorchFiles.halfToFloat((short) 0x7c00)));
    }
}
