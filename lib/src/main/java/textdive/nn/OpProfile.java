package textdive.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Where a graph's time goes, by op type (MatMul, Mul, Sigmoid, ...): TensorFlow's own per-node timings of the runs made
 * while profiling is on. For the benchmarks ({@code ./textdive bench awd-lm --profile}); off, it costs nothing.
 */
public final class OpProfile {
    private static volatile boolean on;
    private static final Map<String, long[]> BY_TYPE = new HashMap<>();

    private OpProfile() {
    }

    /** Starts collecting (and forgets what was collected). */
    public static synchronized void start() {
        BY_TYPE.clear();
        on = true;
    }

    public static synchronized void stop() {
        on = false;
    }

    static boolean on() {
        return on;
    }

    static RunOptions traceOptions() {
        return RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();
    }

    static synchronized void add(RunMetadata md) {
        for (var dev : md.getStepStats().getDevStatsList()) {
            for (NodeExecStats n : dev.getNodeStatsList()) {
                String type = n.getTimelineLabel().contains("= ") ? n.getTimelineLabel().replaceAll("^.*= ([A-Za-z0-9_]+)\\(.*$", "$1") : n.getNodeName();
                long[] v = BY_TYPE.computeIfAbsent(type, k -> new long[2]);
                v[0] += n.getAllEndRelMicros();
                v[1]++;
            }
        }
    }

    /** The op types by total time, the largest first: seconds, share, count. */
    public static synchronized String report(int top) {
        long total = 0;
        for (long[] v : BY_TYPE.values()) total += v[0];
        List<Map.Entry<String, long[]>> es = new ArrayList<>(BY_TYPE.entrySet());
        es.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| op type | seconds (summed over threads) | share | count |%n|---|---|---|---|%n"));
        for (var e : es.subList(0, Math.min(top, es.size()))) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f %% | %,d |%n", e.getKey(), e.getValue()[0] / 1e6, 100.0 * e.getValue()[0] / Math.max(1, total), e.getValue()[1]));
        }
        return sb.toString();
    }
}
