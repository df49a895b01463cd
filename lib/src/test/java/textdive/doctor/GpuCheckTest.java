package textdive.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.doctor.GpuCheck.Finding;
import textdive.doctor.GpuCheck.Level;

/** The GPU report on made-up machines: libraries in fake folders, a made-up driver, nothing loaded. */
class GpuCheckTest {
    @TempDir
    Path tmp;

    /** A host whose loader sees only the given LD_LIBRARY_PATH, cache and hint folders (no default folders). */
    private static Host host(String ldLibraryPath, Map<String, Path> cache, List<Path> hints, Optional<String> proc, Optional<String> smi) {
        return new Host(ldLibraryPath == null ? Map.of() : Map.of("LD_LIBRARY_PATH", ldLibraryPath), cache, List.of(), hints, List.of(),
                proc, smi.map(s -> Path.of("/usr/bin/nvidia-smi")), smi);
    }

    private static Path lib(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), "not a real library");
    }

    /** {@code name -> real} as the packages install them: libcudnn.so.9 -> libcudnn.so.9.1.0. */
    private static void link(Path dir, String name, String real) throws IOException {
        lib(dir, real);
        Files.createSymbolicLink(dir.resolve(name), Path.of(real));
    }

    private static List<Finding> about(GpuCheck.Result r, String fileName) {
        return r.findings().stream().filter(f -> f.text().startsWith(fileName + " ") || f.text().contains(" " + fileName + " ")).toList();
    }

    private static Finding only(GpuCheck.Result r, String fileName) {
        List<Finding> fs = about(r, fileName);
        assertEquals(1, fs.size(), "one line about " + fileName + ": " + r.findings());
        return fs.get(0);
    }

    @Test
    void eachMissingPieceGetsOneLineSayingWhatToInstall() throws IOException {
        Path onPath = tmp.resolve("cuda/lib64");
        link(onPath, "libcudart.so.12", "libcudart.so.12.5.82");
        link(onPath, "libcudnn.so.9", "libcudnn.so.9.1.0");
        lib(onPath, "libcublas.so.12");
        lib(onPath, "libcublasLt.so.12");
        lib(onPath, "libcuda.so.1");
        Path wheel = tmp.resolve("site-packages/nvidia/cufft/lib");
        lib(wheel, "libcufft.so.11");
        Path cuda13 = lib(tmp.resolve("cuda-13/lib"), "libcusparse.so.13");
        Host h = host(onPath.toString(), Map.of("libcusparse.so.13", cuda13), List.of(wheel),
                Optional.of("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:53 UTC 2024\n"), Optional.empty());

        GpuCheck.Result r = GpuCheck.check(h, true);

        assertTrue(r.expected() && r.why().contains("GPU build"), r.why());
        assertEquals(Level.OK, only(r, "libcudart.so.12").level());
        assertTrue(only(r, "libcudart.so.12").text().contains("12.5.82"), "the version from the real file name");
        assertEquals(Level.OK, only(r, "libcublas.so.12").level());
        assertEquals(Level.OK, only(r, "libcuda.so.1").level());
        Finding cudnn = only(r, "libcudnn.so.9");
        assertEquals(Level.MISSING, cudnn.level());
        assertTrue(cudnn.text().contains("9.3.0 or newer") && cudnn.text().contains("9.1.0") && cudnn.text().contains("cudnn9-cuda-12"), cudnn.text());
        Finding cufft = only(r, "libcufft.so.11");
        assertEquals(Level.MISSING, cufft.level());
        assertTrue(cufft.text().contains("export LD_LIBRARY_PATH=" + wheel + ":$LD_LIBRARY_PATH"), "found off the loader's path: " + cufft.text());
        Finding cusparse = only(r, "libcusparse.so.12");
        assertEquals(Level.MISSING, cusparse.level());
        assertTrue(cusparse.text().contains(cuda13.toString()) && cusparse.text().contains("another version")
                && cusparse.text().contains("libcusparse-12-5"), cusparse.text());
        for (String missing : List.of("libcusolver.so.11", "libnvJitLink.so.12")) {
            Finding f = only(r, missing);
            assertEquals(Level.MISSING, f.level(), f.text());
            assertTrue(f.text().contains("install "), f.text());
        }
        assertTrue(r.findings().stream().anyMatch(f -> f.level() == Level.OK && f.text().startsWith("NVIDIA driver 550.54.15")), r.findings().toString());
        assertEquals(5, r.findings().stream().filter(f -> f.level() == Level.MISSING).count(),
                "cudnn too old, cufft off the path, cusparse 13 only, cusolver and nvJitLink absent: " + r.findings());
        assertTrue(r.problems());
    }

    @Test
    void withEverythingInPlaceNothingIsMissing() throws IOException {
        Path dir = tmp.resolve("lib");
        for (CudaLibrary l : CudaLibrary.TENSORFLOW_2_18) lib(dir, l.fileName());
        lib(dir, "libcuda.so.1");
        Files.writeString(Files.createDirectories(tmp.resolve("include")).resolve("cudnn_version.h"),
                "#define CUDNN_MAJOR 9\n#define CUDNN_MINOR 3\n#define CUDNN_PATCHLEVEL 0\n");
        Host h = host(null, Map.of(), List.of(), Optional.empty(),
                Optional.of("NVIDIA A100-SXM4-40GB, 550.54.15, 8.0, 40960 MiB\nNVIDIA H100 80GB HBM3, 550.54.15, 9.0, 81559 MiB\n"));
        h = new Host(Map.of("LD_LIBRARY_PATH", dir.toString()), h.ldCache(), h.defaultLibDirs(), h.hintDirs(), h.includeDirs(),
                h.procDriverVersion(), h.nvidiaSmi(), h.nvidiaSmiOutput());

        GpuCheck.Result r = GpuCheck.check(h, true);

        assertFalse(r.problems(), r.findings().toString());
        assertTrue(only(r, "libcudnn.so.9").text().contains("9.3.0"), "the cuDNN version from cudnn_version.h beside the library folder");
        assertTrue(r.why().contains("nvidia-smi"), r.why());
        assertTrue(r.findings().stream().anyMatch(f -> f.level() == Level.OK && f.text().contains("A100") && f.text().contains("8.0")));
        assertTrue(r.findings().stream().anyMatch(f -> f.level() == Level.NOTE && f.text().contains("H100") && f.text().contains("PTX")),
                "compute capability 9.0 runs on PTX: " + r.findings());
    }

    @Test
    void oldDriversAndOldGpusAreReported() {
        GpuCheck.Result r = GpuCheck.check(host(null, Map.of(), List.of(), Optional.empty(),
                Optional.of("Tesla M60, 470.82.01, 5.2, 8192 MiB\n")), true);
        List<Finding> missing = r.findings().stream().filter(f -> f.level() == Level.MISSING).toList();
        assertTrue(missing.stream().anyMatch(f -> f.text().contains("525.60.13 or newer") && f.text().contains("470.82.01")), missing.toString());
        assertTrue(missing.stream().anyMatch(f -> f.text().contains("Tesla M60 is 5.2")), missing.toString());
    }

    @Test
    void aDriverWithTheCpuBuildAsksForTheGpuBuild() {
        GpuCheck.Result r = GpuCheck.check(host(null, Map.of(), List.of(),
                Optional.of("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  560.35.03  Release Build\n"), Optional.empty()), false);
        assertTrue(r.expected() && r.why().contains("NVIDIA driver"), r.why());
        assertTrue(r.findings().get(0).level() == Level.MISSING && r.findings().get(0).text().contains("./textdive --gpu"), r.findings().toString());
        assertTrue(r.findings().stream().anyMatch(f -> f.level() == Level.OK && f.text().startsWith("NVIDIA driver 560.35.03")), r.findings().toString());
    }

    @Test
    void noDriverAndTheCpuBuildExpectNoGpu() throws IOException {
        Path cuda13 = lib(tmp.resolve("cuda-13.0/lib"), "libcudart.so.13");
        GpuCheck.Result r = GpuCheck.check(host(null, Map.of("libcudart.so.13", cuda13), List.of(), Optional.empty(), Optional.empty()), false);
        assertFalse(r.expected());
        assertFalse(r.problems(), r.findings().toString());
        assertEquals(List.of(Level.NOTE), r.findings().stream().map(Finding::level).toList(), "a note on the other CUDA, nothing missing");
    }

    @Test
    void theLoaderCacheIsReadFromLdconfig() {
        Map<String, Path> cache = Host.parseLdconfig("""
                1234 libs found in cache `/etc/ld.so.cache'
                \tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda-13.0/lib/libcudart.so.13
                \tlibfoo.so.1 (libc6) => /usr/lib32/libfoo.so.1
                \tlibcudnn.so.9 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.9
                """);
        assertEquals(Map.of("libcudart.so.13", Path.of("/usr/local/cuda-13.0/lib/libcudart.so.13"),
                "libcudnn.so.9", Path.of("/usr/lib/x86_64-linux-gnu/libcudnn.so.9")), cache, "x86-64 entries only");
    }
}
