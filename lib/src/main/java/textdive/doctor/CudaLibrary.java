package textdive.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One library TensorFlow's GPU build opens at run time, with what installs it.
 *
 * <p>TF Java 1.1.0's GPU build is TensorFlow 2.18's, built against CUDA 12.5.1 and cuDNN 9.3 and bringing neither.
 * When it starts it opens the driver's {@code libcuda.so.1}, then the CUDA 12 runtime and math libraries and cuDNN 9;
 * if one is missing it logs "Cannot dlopen some GPU libraries" and runs on the CPU. CUDA 12 libraries of any minor
 * version load (NVIDIA's minor-version compatibility, driver 525 or newer), cuDNN must be 9.3 or newer within 9.
 *
 * @param fileName the name TensorFlow asks the loader for
 * @param what     what it is, for the report
 * @param install  what to install when it is missing: the package of NVIDIA's CUDA apt repository, or the pip wheel
 * @param minimum  the oldest version that works, when one is known; an older one is reported
 * @param advised  the version TensorFlow was built with, when an older one only deserves a warning
 */
record CudaLibrary(String fileName, String what, String install, Optional<Version> minimum, Optional<Version> advised) {
    /** The driver's user-space library: it comes with the NVIDIA driver, never with CUDA. */
    static final CudaLibrary DRIVER = new CudaLibrary("libcuda.so.1", "the NVIDIA driver's CUDA library",
            "the NVIDIA driver, 525 or newer (it brings libcuda.so.1); in a container, start it with the NVIDIA Container Toolkit"
                    + " (docker run --gpus all)",
            Optional.empty(), Optional.empty());

    /** What TensorFlow 2.18's GPU build opens, after the driver. */
    static final List<CudaLibrary> TENSORFLOW_2_18 = List.of(
            new CudaLibrary("libcudart.so.12", "the CUDA 12 runtime",
                    "cuda-cudart-12-5 (NVIDIA's CUDA apt repository) or pip's nvidia-cuda-runtime-cu12", Optional.empty(),
                    Optional.of(new Version(12, 5, 0))),
            new CudaLibrary("libcublas.so.12", "cuBLAS 12", "libcublas-12-5 or pip's nvidia-cublas-cu12", Optional.empty(), Optional.empty()),
            new CudaLibrary("libcublasLt.so.12", "cuBLASLt 12", "libcublas-12-5 or pip's nvidia-cublas-cu12", Optional.empty(), Optional.empty()),
            new CudaLibrary("libcufft.so.11", "cuFFT of CUDA 12", "libcufft-12-5 or pip's nvidia-cufft-cu12", Optional.empty(), Optional.empty()),
            new CudaLibrary("libcusolver.so.11", "cuSOLVER of CUDA 12", "libcusolver-12-5 or pip's nvidia-cusolver-cu12", Optional.empty(),
                    Optional.empty()),
            new CudaLibrary("libcusparse.so.12", "cuSPARSE 12", "libcusparse-12-5 or pip's nvidia-cusparse-cu12", Optional.empty(), Optional.empty()),
            new CudaLibrary("libnvJitLink.so.12", "nvJitLink 12, which cuSPARSE and cuSOLVER load",
                    "libnvjitlink-12-5 or pip's nvidia-nvjitlink-cu12", Optional.empty(), Optional.empty()),
            new CudaLibrary("libcudnn.so.9", "cuDNN 9", "cudnn9-cuda-12 (NVIDIA's CUDA apt repository) or pip's nvidia-cudnn-cu12, 9.3 or newer",
                    Optional.of(new Version(9, 3, 0)), Optional.empty()));

    private static final Pattern DEFINE = Pattern.compile("#define\\s+(CUDNN_MAJOR|CUDNN_MINOR|CUDNN_PATCHLEVEL)\\s+(\\d+)");

    /**
     * The version of the library found at {@code found}: from its real file name ({@code libcudnn.so.9 ->
     * libcudnn.so.9.3.0}), else, for cuDNN, from {@code cudnn_version.h} beside its library folder or in a system
     * header folder.
     */
    Optional<Version> versionOf(Path found, List<Path> includeDirs) {
        try {
            Optional<Version> v = Version.ofFileName(found.toRealPath().getFileName().toString());
            if (v.isPresent()) return v;
        } catch (IOException e) {
            // a dangling link: no version
        }
        if (!fileName.startsWith("libcudnn")) return Optional.empty();
        List<Path> headers = new ArrayList<>();
        Path libDir = found.toAbsolutePath().getParent();
        if (libDir != null && libDir.getParent() != null) headers.add(libDir.getParent().resolve("include/cudnn_version.h"));
        for (Path d : includeDirs) headers.add(d.resolve("cudnn_version.h"));
        for (Path h : headers) {
            Optional<Version> v = cudnnHeaderVersion(h);
            if (v.isPresent()) return v;
        }
        return Optional.empty();
    }

    /** CUDNN_MAJOR, CUDNN_MINOR and CUDNN_PATCHLEVEL of a {@code cudnn_version.h}. */
    static Optional<Version> cudnnHeaderVersion(Path header) {
        if (!Files.isReadable(header)) return Optional.empty();
        int major = -1, minor = -1, patch = 0;
        try {
            Matcher m = DEFINE.matcher(Files.readString(header));
            while (m.find()) {
                int v = Integer.parseInt(m.group(2));
                switch (m.group(1)) {
                    case "CUDNN_MAJOR" -> major = v;
                    case "CUDNN_MINOR" -> minor = v;
                    default -> patch = v;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return major < 0 || minor < 0 ? Optional.empty() : Optional.of(new Version(major, minor, patch));
    }
}
