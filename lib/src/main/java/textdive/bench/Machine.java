package textdive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the benchmarks report about the machine and the process: CPU model, fp32 peak, CPU time, peak memory. */
final class Machine {
    private Machine() {
    }

    /** CPU time this process has used so far (all threads, JIT and GC included): wall time lies on a busy machine. */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    /** Peak resident set size of this process (Linux {@code VmHWM}), in MB; -1 elsewhere. */
    static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    /** The clock in GHz: /proc/cpuinfo's "cpu MHz" (a VM reports its nominal clock there), else BogoMIPS / 2. */
    static double clockGhz() {
        double bogo = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("cpu MHz")) return Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()) / 1000;
                if (l.startsWith("bogomips") && bogo < 0) bogo = Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()) / 2000;
            }
        } catch (IOException | NumberFormatException e) {
            return bogo;
        }
        return bogo;
    }

    /** fp32 lanes of the widest FMA vector: 16 with AVX-512, 8 with AVX2 + FMA, 4 otherwise. */
    static int fp32Lanes() {
        List<String> flags = PyTorchYardstick.cpuFlags();
        if (flags.contains("avx512f")) return 16;
        if (flags.contains("avx2") && flags.contains("fma")) return 8;
        return 4;
    }

    /** cores × lanes × 2 (an FMA is two flops) × 2 FMA units × clock, in GFLOP/s. */
    static double fp32PeakGflops() {
        return Runtime.getRuntime().availableProcessors() * fp32Lanes() * 2.0 * 2 * clockGhz();
    }

    /** How the peak was computed, for the table. */
    static String peakFormula() {
        return String.format(Locale.ROOT, "%d cores × %d fp32 lanes × 2 (FMA) × 2 FMA units × %.2f GHz = %.0f GFLOP/s",
                Runtime.getRuntime().availableProcessors(), fp32Lanes(), clockGhz(), fp32PeakGflops());
    }
}
