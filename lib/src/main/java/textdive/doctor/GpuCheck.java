package textdive.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this host can give TensorFlow's GPU build a GPU, looked at without loading TensorFlow: the driver, the GPUs'
 * compute capability, and each CUDA library TensorFlow 2.18 opens. A GPU is expected when the GPU build is on the
 * class path or an NVIDIA driver is installed; then every missing piece gets one line saying what to install.
 */
final class GpuCheck {
    enum Level {
        OK("ok"), NOTE("note"), WARNING("warning"), MISSING("MISSING"), ERROR("ERROR");

        final String label;

        Level(String label) {
            this.label = label;
        }

        /** MISSING and ERROR make the doctor exit with 1. */
        boolean problem() {
            return this == MISSING || this == ERROR;
        }
    }

    /** One line of the report. */
    record Finding(Level level, String text) {
        @Override
        public String toString() {
            return String.format("%-8s %s", level.label, text);
        }
    }

    /** Compute capabilities TensorFlow 2.18's GPU build has machine code for (sm_60, sm_70, sm_80, sm_89) or PTX for (compute_90). */
    static final Version OLDEST_GPU = new Version(6, 0, 0);
    static final Version PTX_ONLY = new Version(9, 0, 0);

    private GpuCheck() {
    }

    /** Whether a GPU is expected, and why, then the findings. */
    record Result(boolean expected, String why, List<Finding> findings) {
        boolean problems() {
            return findings.stream().anyMatch(f -> f.level().problem());
        }
    }

    static Result check(Host host, boolean gpuBuild) {
        LoaderPath loader = new LoaderPath(host);
        Optional<NvidiaDriver> driver = NvidiaDriver.of(host);
        List<Finding> out = new ArrayList<>();
        if (!gpuBuild && driver.isEmpty()) {
            for (CudaLibrary lib : CudaLibrary.TENSORFLOW_2_18.subList(0, 1)) {
                for (Path other : loader.otherVersions(lib.fileName())) {
                    out.add(new Finding(Level.NOTE, other.getFileName() + " at " + other.getParent() + " is another CUDA than TensorFlow 2.18's ("
                            + lib.fileName() + "); it matters only with a GPU"));
                }
            }
            return new Result(false, "no GPU expected: the CPU build of TensorFlow is on the class path and there is no NVIDIA driver"
                    + " (no nvidia-smi on the PATH, no /proc/driver/nvidia/version)", out);
        }
        String why = "GPU expected: " + (gpuBuild ? "the GPU build of TensorFlow is on the class path" : "")
                + (gpuBuild && driver.isPresent() ? ", and " : "")
                + (driver.isPresent() ? "an NVIDIA driver is installed (" + driver.get().source() + ")" : "");
        if (!gpuBuild) {
            out.add(new Finding(Level.MISSING, "the GPU build of TensorFlow: the CPU build is on the class path; run ./textdive --gpu COMMAND"
                    + " (Maven: -Pgpu, which takes org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64-gpu)"));
        }
        driverFindings(driver, out);
        for (CudaLibrary lib : allLibraries()) {
            // without a driver, its libcuda.so.1 is part of the line above, not a second missing piece
            if (lib == CudaLibrary.DRIVER && driver.isEmpty() && loader.find(lib.fileName()).isEmpty()) continue;
            libraryFinding(lib, loader, host.includeDirs(), out);
        }
        out.add(new Finding(Level.NOTE, "the loader searches " + loader.describe()));
        return new Result(true, why, out);
    }

    private static List<CudaLibrary> allLibraries() {
        List<CudaLibrary> all = new ArrayList<>();
        all.add(CudaLibrary.DRIVER);
        all.addAll(CudaLibrary.TENSORFLOW_2_18);
        return all;
    }

    private static void driverFindings(Optional<NvidiaDriver> driver, List<Finding> out) {
        if (driver.isEmpty()) {
            out.add(new Finding(Level.MISSING, "the NVIDIA driver (no nvidia-smi on the PATH, no /proc/driver/nvidia/version): install driver "
                    + NvidiaDriver.MINIMUM + " or newer for the GPU (it brings libcuda.so.1); in a container, start it with the NVIDIA Container"
                    + " Toolkit (docker run --gpus all)"));
            return;
        }
        NvidiaDriver d = driver.get();
        if (d.version().isEmpty()) {
            out.add(new Finding(Level.WARNING, "NVIDIA driver of unknown version (" + d.source() + "); CUDA 12 needs " + NvidiaDriver.MINIMUM + " or newer"));
        } else if (!d.version().get().atLeast(NvidiaDriver.MINIMUM)) {
            out.add(new Finding(Level.MISSING, "NVIDIA driver " + NvidiaDriver.MINIMUM + " or newer (CUDA 12 needs it): this one is "
                    + d.versionText().get() + " (" + d.source() + "); upgrade the driver"));
        } else {
            out.add(new Finding(Level.OK, "NVIDIA driver " + d.versionText().get() + " (" + d.source() + ")"));
        }
        for (NvidiaDriver.Gpu gpu : d.gpus()) {
            if (gpu.computeCapability().isEmpty()) {
                out.add(new Finding(Level.NOTE, "GPU " + gpu.name() + ", " + gpu.memory() + ", compute capability not reported"));
                continue;
            }
            Version cc = gpu.computeCapability().get();
            String ccText = cc.major() + "." + cc.minor();
            if (!cc.atLeast(OLDEST_GPU)) {
                out.add(new Finding(Level.MISSING, "a GPU of compute capability 6.0 or newer: " + gpu.name() + " is " + ccText
                        + ", and TensorFlow 2.18's GPU build has code for sm_60, sm_70, sm_80, sm_89 and compute_90 only"));
            } else if (cc.atLeast(PTX_ONLY)) {
                out.add(new Finding(Level.NOTE, "GPU " + gpu.name() + ", " + gpu.memory() + ", compute capability " + ccText
                        + ": runs TensorFlow's compute_90 PTX, compiled by the driver at first use (slow first steps; raise CUDA_CACHE_MAXSIZE"
                        + " so that ~/.nv/ComputeCache keeps it)"));
            } else {
                out.add(new Finding(Level.OK, "GPU " + gpu.name() + ", " + gpu.memory() + ", compute capability " + ccText));
            }
        }
    }

    private static void libraryFinding(CudaLibrary lib, LoaderPath loader, List<Path> includeDirs, List<Finding> out) {
        String name = lib.fileName();
        Optional<LoaderPath.Hit> hit = loader.find(name);
        if (hit.isPresent()) {
            Path p = hit.get().path();
            Optional<Version> v = lib.versionOf(p, includeDirs);
            String at = name + (v.map(x -> " " + x).orElse("")) + " at " + p + " (" + hit.get().source() + ")";
            if (lib.minimum().isPresent() && v.isPresent() && !v.get().atLeast(lib.minimum().get())) {
                out.add(new Finding(Level.MISSING, lib.what() + " " + lib.minimum().get() + " or newer: " + at + " is older; install " + lib.install()));
            } else if (lib.minimum().isPresent() && v.isEmpty()) {
                out.add(new Finding(Level.WARNING, at + ": version unknown (no versioned file name, no cudnn_version.h); TensorFlow 2.18 needs "
                        + lib.minimum().get() + " or newer"));
            } else if (lib.advised().isPresent() && v.isPresent() && !v.get().atLeast(lib.advised().get())) {
                out.add(new Finding(Level.WARNING, at + ": TensorFlow 2.18 was built with " + lib.advised().get().major() + "."
                        + lib.advised().get().minor() + "; if it fails on a missing function, install " + lib.install()));
            } else {
                out.add(new Finding(Level.OK, at));
            }
            return;
        }
        List<Path> offPath = loader.offPath(name);
        if (!offPath.isEmpty()) {
            Path dir = offPath.get(0).getParent();
            out.add(new Finding(Level.MISSING, name + " (" + lib.what() + ") on the loader's path: it is in " + dir
                    + "; export LD_LIBRARY_PATH=" + dir + ":$LD_LIBRARY_PATH"));
            return;
        }
        List<Path> others = loader.otherVersions(name);
        String seen = others.isEmpty() ? "" : "; found only " + String.join(", ", others.stream().map(Path::toString).toList())
                + ", another version";
        out.add(new Finding(Level.MISSING, name + " (" + lib.what() + ")" + seen + ": install " + lib.install()));
    }
}
