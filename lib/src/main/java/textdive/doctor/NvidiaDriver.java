package textdive.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA driver and the GPUs it drives, from {@code nvidia-smi} or, without it, the kernel module's
 * {@code /proc/driver/nvidia/version}.
 *
 * @param versionText the driver version as the driver writes it ({@code 470.82.01}), when known
 * @param gpus        the GPUs {@code nvidia-smi} lists (empty without it)
 * @param source      where this came from, for the report
 */
record NvidiaDriver(Optional<String> versionText, List<Gpu> gpus, String source) {
    /** The fields asked of {@code nvidia-smi --query-gpu}, in this order. */
    static final String QUERY = "name,driver_version,compute_cap,memory.total";

    /** The oldest driver CUDA 12 runs on (minor-version compatibility). */
    static final Version MINIMUM = new Version(525, 60, 13);

    /** One GPU: its name, compute capability ({@code 8.6}) when the driver reports it, and memory. */
    record Gpu(String name, Optional<Version> computeCapability, String memory) {
    }

    /** The first number.number[.number] after "Kernel Module" (the "Open Kernel Module for x86_64" has digits before it). */
    private static final Pattern PROC = Pattern.compile("Module.*?\\s(\\d+\\.\\d+(?:\\.\\d+)?)\\s");
    private static final Pattern DOTTED = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?$");

    /** The version, comparable. */
    Optional<Version> version() {
        return versionText.flatMap(NvidiaDriver::dotted);
    }

    /** The driver on this host, or empty when there is none (no nvidia-smi and no kernel module). */
    static Optional<NvidiaDriver> of(Host host) {
        if (host.nvidiaSmiOutput().isPresent() && !host.nvidiaSmiOutput().get().startsWith("error:")) {
            NvidiaDriver d = parseSmi(host.nvidiaSmiOutput().get(), host.nvidiaSmi().map(Object::toString).orElse("nvidia-smi"));
            if (d.version().isPresent() || host.procDriverVersion().isEmpty()) return Optional.of(d);
        }
        if (host.procDriverVersion().isPresent()) return Optional.of(parseProc(host.procDriverVersion().get()));
        if (host.nvidiaSmi().isPresent()) {
            return Optional.of(new NvidiaDriver(Optional.empty(), List.of(),
                    host.nvidiaSmi().get() + " (" + host.nvidiaSmiOutput().orElse("no output").strip() + ")"));
        }
        return Optional.empty();
    }

    /** {@code /proc/driver/nvidia/version}: "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar ...". */
    static NvidiaDriver parseProc(String text) {
        Matcher m = PROC.matcher(text);
        return new NvidiaDriver(m.find() ? Optional.of(m.group(1)) : Optional.empty(), List.of(), "/proc/driver/nvidia/version");
    }

    /** {@code nvidia-smi --query-gpu=QUERY --format=csv,noheader}: "NVIDIA A100-SXM4-40GB, 550.54.15, 8.0, 40960 MiB" a GPU. */
    static NvidiaDriver parseSmi(String text, String source) {
        Optional<String> driver = Optional.empty();
        List<Gpu> gpus = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(",");
            if (f.length < 4) continue;
            if (driver.isEmpty() && dotted(f[1].trim()).isPresent()) driver = Optional.of(f[1].trim());
            gpus.add(new Gpu(f[0].trim(), dotted(f[2].trim()), f[3].trim()));
        }
        return new NvidiaDriver(driver, gpus, source);
    }

    private static Optional<Version> dotted(String s) {
        Matcher m = DOTTED.matcher(s);
        if (!m.matches()) return Optional.empty();
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }
}
