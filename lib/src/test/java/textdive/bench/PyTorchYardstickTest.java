package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The yardstick's environment: which OpenBLAS kernels PyTorch gets, and that the table's footnote says so. */
class PyTorchYardstickTest {

    @Test
    void coreTypeFollowsTheCpuFlags() {
        assertEquals("SapphireRapids", PyTorchYardstick.openblasCoreFor(List.of("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile")));
        assertEquals("Cooperlake", PyTorchYardstick.openblasCoreFor(List.of("amd", "avx2", "fma", "avx512f", "avx512_bf16")));
        assertEquals("SkylakeX", PyTorchYardstick.openblasCoreFor(List.of("avx2", "fma", "avx512f")));
        assertEquals("Zen", PyTorchYardstick.openblasCoreFor(List.of("amd", "avx2", "fma")));
        assertEquals("Haswell", PyTorchYardstick.openblasCoreFor(List.of("avx2", "fma")));
        assertNull(PyTorchYardstick.openblasCoreFor(List.of("sse4_2")));
    }

    @Test
    void aCoreTypeFromTheEnvironmentIsKeptAndNamedInTheNotes() {
        Map<String, String> env = new HashMap<>(Map.of("OPENBLAS_CORETYPE", "Prescott"));
        List<String> notes = new ArrayList<>();
        PyTorchYardstick.environment(env, notes);
        assertEquals("Prescott", env.get("OPENBLAS_CORETYPE"));
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("OPENBLAS_CORETYPE=Prescott (from the environment")), notes.toString());
    }
}
