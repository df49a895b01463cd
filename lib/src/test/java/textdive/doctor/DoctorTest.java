package textdive.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole report, run here: this project's machines have TensorFlow's CPU build and no GPU. */
class DoctorTest {
    @AfterEach
    void clear() {
        System.clearProperty("textdive.threads");
    }

    /** What the doctor printed, and the problems it returned. */
    private record Report(String out, List<GpuCheck.Finding> problems) {
    }

    private static Report report(Host host, NativeBuild build) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<GpuCheck.Finding> problems;
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            problems = new Doctor(host, build, ps).run();
        }
        return new Report(bytes.toString(StandardCharsets.UTF_8), problems);
    }

    @Test
    void theCpuOnlyReportOnThisMachine() {
        Host host = Host.current();
        assumeTrue(NvidiaDriver.of(host).isEmpty(), "this machine has an NVIDIA driver");
        NativeBuild build = NativeBuild.onClassPath();
        assumeFalse(build.gpu(), "this test is for the CPU build: " + build.describe());
        Report r = report(host, build);
        String out = r.out();

        assertEquals(List.of(), r.problems(), out);
        assertTrue(out.contains("Native build  CPU build (tensorflow-core-native-1.1.0-linux-x86_64.jar)"), out);
        assertTrue(out.contains("TF Java       tensorflow-core-api 1.1.0"), out);
        assertTrue(out.contains("TensorFlow    2.18.0, loaded from ") && out.contains("/linux-x86_64/libjnitensorflow.so"), out);
        assertTrue(out.contains("Devices       /job:localhost/replica:0/task:0/device:CPU:0\n"), "TensorFlow's own device list: " + out);
        assertFalse(out.contains("device:GPU"), out);
        assertTrue(out.contains("GPU           no GPU expected"), out);
        assertFalse(out.contains("MISSING") || out.contains("ERROR"), out);
        assertTrue(out.contains("Threads       TensorFlow intra-op ") && out.contains("Scale         ") && out.contains("Mirror        "), out);
        assertTrue(out.strip().endsWith("No problems found."), out);
    }

    @Test
    void theRealGpuBuildOnThisMachineListsNoGpuAndSaysWhy() {
        // mvn -Pgpu -pl lib test -Dtest=DoctorTest: TensorFlow's GPU build loaded on a host without a GPU
        Host host = Host.current();
        NativeBuild build = NativeBuild.onClassPath();
        assumeTrue(build.gpu() && NvidiaDriver.of(host).isEmpty(), "needs the GPU build (-Pgpu) on a host without an NVIDIA driver");
        Report r = report(host, build);
        String out = r.out();

        assertTrue(out.contains("/linux-x86_64-gpu/libjnitensorflow.so"), "the GPU build loaded: " + out);
        assertTrue(out.contains("Devices       /job:localhost/replica:0/task:0/device:CPU:0\n"), "it runs on the CPU: " + out);
        assertTrue(r.problems().stream().anyMatch(f -> f.text().startsWith("the NVIDIA driver")), out);
        assertTrue(r.problems().stream().anyMatch(f -> f.text().startsWith("a GPU in TensorFlow's device list")), out);
    }

    @Test
    void theGpuBuildWithoutAGpuSaysWhatIsMissingAndThatTensorFlowListsNoGpu() {
        // the GPU build's verdict on a host with nothing: the CPU build stands in for TensorFlow (it lists no GPU either)
        Host empty = new Host(Map.of(), Map.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        NativeBuild real = NativeBuild.onClassPath();
        NativeBuild claimedGpu = new NativeBuild(real.platform(), Optional.empty(), real.cpuJar().or(real::gpuJar));
        Report r = report(empty, claimedGpu);
        String out = r.out();

        assertTrue(out.contains("GPU           GPU expected: the GPU build"), out);
        for (String piece : List.of("the NVIDIA driver", "libcudart.so.12", "libcudnn.so.9", "a GPU in TensorFlow's device list")) {
            assertEquals(1, out.lines().filter(l -> l.contains("MISSING  " + piece)).count(), piece + " once in:\n" + out);
        }
        assertEquals(out.lines().filter(l -> l.strip().startsWith("MISSING")).count(), r.problems().size(), out);
        assertTrue(out.strip().endsWith(r.problems().size() + " problems (the MISSING and ERROR lines above)."), out);
    }

    @Test
    void aBadSettingIsAnErrorThatNamesIt() {
        System.setProperty("textdive.threads", "two");
        Host empty = new Host(Map.of(), Map.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        Report r = report(empty, NativeBuild.onClassPath());
        String out = r.out();

        List<GpuCheck.Finding> errors = r.problems().stream().filter(f -> f.level() == GpuCheck.Level.ERROR).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).text().contains("TEXTDIVE_THREADS") && errors.get(0).text().contains("'two'"), out);
        assertTrue(out.contains("Devices       /job:localhost/replica:0/task:0/device:CPU:0"), "the report goes on: " + out);
    }
}
