package textdive.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * One graph under construction (one {@link Program}): its inputs and outputs, the variable reads
 * (each parameter is read once, and gradients are taken with respect to that read), and the hidden
 * states it consumes and produces. {@code forward} code reaches it through {@link #current()}.
 */
public final class Build {
    private static final ThreadLocal<Build> CURRENT = new ThreadLocal<>();

    private final Engine engine;
    private final Ops tf;
    private final boolean training;
    private final String id;
    final Map<Parameter, Tensor> reads = new LinkedHashMap<>();
    private final Map<Parameter, Tensor> latestUse = new java.util.HashMap<>();
    final Map<Hidden, Operand<?>> hiddenIn = new LinkedHashMap<>();
    final Map<Hidden, Operand<?>> hiddenOut = new LinkedHashMap<>();
    final Map<String, Operand<?>> inputs = new LinkedHashMap<>();
    final Map<String, Operand<?>> outputs = new LinkedHashMap<>();
    final List<Op> targets = new ArrayList<>();
    final Map<String, String> explanations = new java.util.HashMap<>();

    Build(Engine engine, Ops tf, boolean training, String id) {
        this.engine = engine;
        this.tf = tf;
        this.training = training;
        this.id = id;
    }

    /** The graph being built by this thread; only valid inside {@code forward} and loss code. */
    public static Build current() {
        Build b = CURRENT.get();
        if (b == null) {
            throw new IllegalStateException("no graph under construction: forward() runs inside a Learner or Engine.program(...), not on its own");
        }
        return b;
    }

    static Build swap(Build b) {
        Build old = CURRENT.get();
        if (b == null) CURRENT.remove();
        else CURRENT.set(b);
        return old;
    }

    public Ops tf() {
        return tf;
    }

    public Engine engine() {
        return engine;
    }

    /** The float type of parameters and activations (float32, or float64 for gradient checks). */
    public Class<? extends TNumber> dtype() {
        return engine.dtype();
    }

    /** True when building a training graph (dropout active, regularisers added). */
    public boolean training() {
        return training;
    }

    public Tensor wrap(Operand<?> o) {
        return new Tensor(this, o);
    }

    /**
     * The parameter's value in this graph: one {@code ReadVariableOp} per parameter and graph, and
     * gradients are taken with respect to it. Each further use gets an {@code Identity} chained to
     * the previous use. TensorFlow sums the gradients of a tensor with many consumers in an order that
     * depends on memory addresses (so two runs with one seed would drift apart); along the chain every
     * node has at most a couple of consumers and the sums happen in a fixed order. Identity copies nothing.
     */
    public Tensor read(Parameter p) {
        Tensor root = reads.get(p);
        if (root == null) {
            root = wrap(tf.readVariableOp(engine.var(p).handle(), dtype()));
            reads.put(p, root);
            latestUse.put(p, root);
            return root;
        }
        Tensor next = wrap(tf.identity(Tensor.u(latestUse.get(p).operand())));
        latestUse.put(p, next);
        return next;
    }

    /** A fed input of fixed shape. */
    public Tensor input(String name, Class<? extends TType> type, long... shape) {
        if (inputs.containsKey(name)) throw new IllegalArgumentException("input '" + name + "' defined twice");
        Operand<?> ph = tf.withName(safe(name)).placeholder(type, Placeholder.shape(Shape.of(shape)));
        inputs.put(name, ph);
        return wrap(ph);
    }

    /** A fed scalar in the model's float type (learning rates, momentum, ...). */
    public Tensor scalarInput(String name) {
        return input(name, dtype());
    }

    private Tensor input(String name, Class<? extends TType> type) {
        return input(name, type, new long[0]);
    }

    /** Fetched after every run of the program. */
    public void output(String name, Tensor t) {
        Operand<?> o = t.operand();
        // TensorFlow refuses to fetch a tensor it is fed, or one tensor under two names: route those through Identity
        if (inputs.containsValue(o) || hiddenIn.containsValue(o) || outputs.containsValue(o)) o = tf.identity(Tensor.u(o));
        outputs.put(name, o);
    }

    /**
     * What the learner must fix when {@code op} fails at run time (TensorFlow checks index ranges only
     * when the graph runs, and its message names an internal node): {@link Program#run} reports this instead.
     */
    public void explainFailure(Operand<?> op, String what) {
        explanations.put(op.op().name(), what);
    }

    /** Run for its effect (an optimizer update) with every run of the program. */
    public void target(Op op) {
        targets.add(op);
    }

    /** A constant of {@code like}'s float type (or the model's, for integer tensors). */
    public Operand<?> constant(double v, Tensor like) {
        Class<?> t = like == null ? dtype() : like.operand().type();
        if (t == TFloat64.class) return tf.constant(v);
        if (t == org.tensorflow.types.TFloat32.class) return tf.constant((float) v);
        if (t == org.tensorflow.types.TInt32.class) return tf.constant((int) v);
        return tf.dtypes.cast(tf.constant(v), dtype());
    }

    public Tensor constant(double v) {
        return wrap(constant(v, null));
    }

    /** Uniform [0, 1) noise of the given shape, seeded from {@link Rng} so runs repeat. */
    public Tensor uniform(long... shape) {
        long s1 = engine.nextSeed();
        long s2 = engine.nextSeed();
        return wrap(tf.random.randomUniform(tf.constant(shape), dtype(), RandomUniform.seed(s1), RandomUniform.seed2(s2)));
    }

    public Tensor zeros(long... shape) {
        return wrap(tf.zeros(tf.constant(shape), dtype()));
    }

    /**
     * d(loss)/d(parameter), taken with respect to this graph's variable reads. Parameters the graph
     * never read get no entry (like PyTorch's {@code grad is None}), so optimizers leave them alone.
     */
    public Map<Parameter, Tensor> gradients(Tensor loss, Collection<Parameter> params) {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : params) if (reads.containsKey(p)) ps.add(p);
        Map<Parameter, Tensor> out = new LinkedHashMap<>();
        if (ps.isEmpty()) return out;
        Output<?>[] xs = new Output<?>[ps.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = reads.get(ps.get(i)).operand().asOutput();
        Output<?>[] gs = engine.graph().addGradients(id + "_grad" + engine.nextId(), new Output<?>[] {loss.operand().asOutput()}, xs, null);
        for (int i = 0; i < xs.length; i++) {
            Operand<?> g = gs[i] == null || gs[i].op() == null ? tf.zerosLike(Tensor.u(xs[i])) : gs[i];
            out.put(ps.get(i), wrap(g));
        }
        return out;
    }

    Tensor hiddenIn(Hidden h, long[] shape) {
        Operand<?> ph = hiddenIn.computeIfAbsent(h, k -> tf.placeholder(dtype(), Placeholder.shape(Shape.of(shape))));
        if (!java.util.Arrays.equals(ph.shape().asArray(), shape)) {
            throw new IllegalArgumentException("one graph reads a hidden state at two shapes: " + ph.shape() + " and " + java.util.Arrays.toString(shape));
        }
        return wrap(ph);
    }

    void hiddenOut(Hidden h, Tensor t) {
        hiddenOut.put(h, tf.identity(Tensor.u(t.operand())));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.\\-/]", "_");
    }
}
