package textdive.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.op.Op;
import org.tensorflow.types.TInt32;

/**
 * A graph built once (for one mode and batch shape) and run for every batch: feeds the inputs and
 * the hidden states, fetches the outputs, runs the update ops, and carries the new hidden states
 * back to the host (copied, because fetched tensors die with their {@code Result}).
 */
public final class Program {
    private final Engine engine;
    private final Map<String, Operand<?>> inputs;
    private final Map<String, Operand<?>> outputs;
    private final List<Op> targets;
    private final Map<Hidden, Operand<?>> hiddenIn;
    private final Map<Hidden, Operand<?>> hiddenOut;
    private final Map<String, String> explanations;

    Program(Engine engine, Build b) {
        this.engine = engine;
        this.inputs = Map.copyOf(b.inputs);
        this.outputs = new LinkedHashMap<>(b.outputs);
        this.targets = List.copyOf(b.targets);
        this.hiddenIn = new LinkedHashMap<>(b.hiddenIn);
        this.hiddenOut = new LinkedHashMap<>(b.hiddenOut);
        this.explanations = Map.copyOf(b.explanations);
    }

    public Set<String> inputNames() {
        return inputs.keySet();
    }

    /**
     * Runs once. Feed values are {@link IntNdArray}s (token ids), {@code int[]} (1-d ids),
     * {@link Number}s (scalars in the model's float type) or {@code double[]} (shaped like the input).
     */
    public Outputs run(Map<String, ?> feeds) {
        engine.initPending();
        Session.Runner r = engine.session().runner();
        List<Tensor> owned = new ArrayList<>();
        try {
            for (var e : inputs.entrySet()) {
                Object v = feeds.get(e.getKey());
                if (v == null) throw new IllegalArgumentException("no value fed for input '" + e.getKey() + "'");
                Tensor t = toTensor(e.getValue(), v);
                owned.add(t);
                r.feed(e.getValue(), t);
            }
            for (var e : hiddenIn.entrySet()) {
                long[] shape = e.getValue().shape().asArray();
                Tensor t = HostTensors.of(engine.dtype(), shape, e.getKey().valuesFor(shape));
                owned.add(t);
                r.feed(e.getValue(), t);
            }
            List<String> names = new ArrayList<>(outputs.keySet());
            for (String n : names) r.fetch(outputs.get(n));
            List<Hidden> hs = new ArrayList<>(hiddenOut.keySet());
            for (Hidden h : hs) r.fetch(hiddenOut.get(h));
            for (Op t : targets) r.addTarget(t);
            Map<String, double[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            try (Result res = runExplained(r)) {
                int i = 0;
                for (String n : names) {
                    Tensor t = res.get(i++);
                    values.put(n, HostTensors.toDoubles(t));
                    shapes.put(n, t.shape().asArray());
                }
                for (Hidden h : hs) {
                    Tensor t = res.get(i++);
                    h.store(HostTensors.toDoubles(t), t.shape().asArray());
                }
            }
            return new Outputs(values, shapes);
        } finally {
            for (Tensor t : owned) t.close();
        }
    }

    private static final Pattern NODE = Pattern.compile("\\{\\{node ([^}]+)}}");

    /** Runs, turning a run-time failure of an explained op into a message that names the layer and the rule. */
    private Result runExplained(Session.Runner r) {
        try {
            if (OpProfile.on()) {
                Result res = r.setOptions(OpProfile.traceOptions()).runAndFetchMetadata();
                res.getMetadata().ifPresent(OpProfile::add);
                return res;
            }
            return r.run();
        } catch (TFInvalidArgumentException e) {
            Matcher m = NODE.matcher(String.valueOf(e.getMessage()));
            String what = m.find() ? explanations.get(m.group(1)) : null;
            if (what == null) throw e;
            String detail = e.getMessage().strip().lines().findFirst().orElse("");
            throw new IllegalArgumentException(what + " (TensorFlow: " + detail + ")", e);
        }
    }

    private Tensor toTensor(Operand<?> ph, Object v) {
        if (v instanceof IntNdArray a) {
            checkShape(ph, a.shape().asArray());
            return TInt32.tensorOf(a);
        }
        if (v instanceof int[] a) {
            checkShape(ph, new long[] {a.length});
            return TInt32.vectorOf(a);
        }
        if (v instanceof Number n) return HostTensors.scalar(engine.dtype(), n.doubleValue());
        if (v instanceof double[] d) return HostTensors.of(engine.dtype(), ph.shape().asArray(), d);
        throw new IllegalArgumentException("cannot feed a " + v.getClass().getSimpleName());
    }

    private static void checkShape(Operand<?> ph, long[] shape) {
        if (!Arrays.equals(ph.shape().asArray(), shape)) {
            throw new IllegalArgumentException("fed shape " + Arrays.toString(shape) + " but the graph was built for " + ph.shape());
        }
    }

    /** Fetched values, copied to the host. */
    public record Outputs(Map<String, double[]> values, Map<String, long[]> shapes) {
        public double scalar(String name) {
            return get(name)[0];
        }

        public double[] get(String name) {
            double[] v = values.get(name);
            if (v == null) throw new IllegalArgumentException("no output named '" + name + "'");
            return v;
        }

        public long[] shape(String name) {
            return shapes.get(name);
        }
    }
}
