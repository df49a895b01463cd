package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jupyter kernel test suite (Debian's python3-jupyter-kernel-test, {@code python/conformance.py})
 * against the real kernel: every test passes, except the two for features this kernel does not have,
 * which are skipped with the reason written there.
 */
class KernelConformanceTest {
    private static final Set<String> EXPECTED_SKIPS = Set.of("test_pager", "test_clear_output");

    @TempDir
    Path dir;

    @Test
    void jupyterKernelTestSuitePasses() throws Exception {
        assumeTrue(RealKernel.available("jupyter_client", "jupyter_kernel_test"),
                "skipped: " + RealKernel.PYTHON + " with jupyter_kernel_test is not installed (apt-get install python3-jupyter-kernel-test)");
        RealKernel.Run run = RealKernel.script(RealKernel.install(dir), "conformance.py");
        JsonObject outcomes = run.result();
        assertTrue(outcomes != null && outcomes.size() >= 12, run.log());
        Map<String, String> notPassed = new TreeMap<>();
        outcomes.entrySet().forEach(e -> {
            if (!e.getValue().getAsString().equals("passed")) notPassed.put(e.getKey(), e.getValue().getAsString());
        });
        assertEquals(EXPECTED_SKIPS, notPassed.keySet(), "tests that did not pass: " + notPassed);
        notPassed.forEach((test, outcome) -> assertTrue(outcome.startsWith("skipped: ") && outcome.length() > 40,
                test + " must be skipped with its reason, not " + outcome));
    }
}
