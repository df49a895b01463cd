package textdive.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
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
    private final Map<Parameter, Tensor> latestUse = new HashMap<>();
    final Map<Hidden, Operand<?>> hiddenIn = new LinkedHashMap<>();
    final Map<Hidden, Operand<?>> hiddenOut = new LinkedHashMap<>();
    final Map<String, Operand<?>> inputs = new LinkedHashMap<>();
    final Map<String, Operand<?>> outputs = new LinkedHashMap<>();
    final List<Op> targets = new ArrayList<>();
    final Map<String, String> explanations = new HashMap<>();
    private final List<Region> regions = new ArrayList<>();

    /**
     * A region's gradient rule: the gradients of its inputs from those of its outputs (null where no gradient
     * reached an output). {@code needed[i]} says whether input {@code i}'s gradient leads to anything being
     * trained; where it does not (a frozen layer's weights), return null and skip the work.
     */
    @FunctionalInterface
    public interface Backward {
        List<Tensor> apply(List<Tensor> dOutputs, boolean[] needed);
    }

    private record Region(List<Tensor> inputs, List<Tensor> outputs, Backward backward) {
    }

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

    /** Fed token or class ids (int32) of a fixed shape. */
    public Tensor ids(String name, long... shape) {
        return input(name, TInt32.class, shape);
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

    /** Sets a buffer (running statistics) to {@code value} with every run of this program. */
    public void assign(Parameter buffer, Tensor value) {
        if (buffer.trainable()) throw new IllegalArgumentException(buffer.name() + " is a trained parameter: only buffers are assigned by the model");
        targets.add(tf.assignVariableOp(engine.handle(buffer), Tensor.u(value.operand())));
    }

    /** Run for its effect (an optimizer update) with every run of the program. */
    public void target(Op op) {
        targets.add(op);
    }

    /** A constant of {@code like}'s float type (or the model's, for integer tensors). */
    public Operand<?> constant(double v, Tensor like) {
        Class<?> t = like == null ? dtype() : like.operand().type();
        if (t == TFloat64.class) return tf.constant(v);
        if (t == TFloat32.class) return tf.constant((float) v);
        if (t == TInt32.class) return tf.constant((int) v);
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
     * A part of the graph whose backward pass is written by hand ({@link LstmLayer}): TensorFlow does not
     * differentiate through it; {@link #gradients} asks {@code backward} instead. Returns the outputs to use
     * downstream (the same values, cut from the inputs as far as TensorFlow's differentiation is concerned).
     */
    public List<Tensor> withBackward(List<Tensor> inputs, List<Tensor> outputs, Backward backward) {
        List<Tensor> cut = new ArrayList<>();
        for (Tensor t : outputs) cut.add(wrap(tf.stopGradient(Tensor.u(t.operand()))));
        regions.add(new Region(List.copyOf(inputs), List.copyOf(cut), backward));
        return cut;
    }

    /**
     * d(loss)/d(parameter), taken with respect to this graph's variable reads. Parameters the graph
     * never read get no entry (like PyTorch's {@code grad is None}), so optimizers leave them alone.
     *
     * <p>With hand-written regions ({@link #withBackward}), reverse mode runs in stages: TensorFlow
     * differentiates the loss down to the parameters and to the outputs of every region; then, from the last
     * region to the first, the region's own backward turns its output gradients into input gradients, and
     * TensorFlow carries those further down. The contributions are summed in that fixed order.
     */
    public Map<Parameter, Tensor> gradients(Tensor loss, Collection<Parameter> params) {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : params) if (reads.containsKey(p)) ps.add(p);
        Map<Parameter, Tensor> out = new LinkedHashMap<>();
        if (ps.isEmpty()) return out;
        Map<Parameter, Tensor> pg = new HashMap<>();
        Map<Tensor, Tensor> og = new IdentityHashMap<>();
        List<Tensor> allOutputs = new ArrayList<>();
        for (Region r : regions) allOutputs.addAll(r.outputs());
        backprop(List.of(loss), null, ps, allOutputs, pg, og);
        for (int r = regions.size() - 1; r >= 0; r--) {
            Region reg = regions.get(r);
            List<Tensor> dOuts = new ArrayList<>();
            boolean any = false;
            for (Tensor o : reg.outputs()) {
                Tensor g = og.get(o);
                dOuts.add(g);
                any |= g != null;
            }
            if (!any) continue;
            List<Tensor> earlier = new ArrayList<>();
            for (int k = 0; k < r; k++) earlier.addAll(regions.get(k).outputs());
            Set<String> wanted = new HashSet<>();
            for (Parameter p : ps) wanted.add(reads.get(p).operand().op().name());
            for (Tensor o : earlier) wanted.add(o.operand().op().name());
            boolean[] needed = new boolean[reg.inputs().size()];
            boolean anyNeeded = false;
            for (int i = 0; i < needed.length; i++) {
                Set<String> up = ancestors(List.of(reg.inputs().get(i)));
                up.retainAll(wanted);
                needed[i] = !up.isEmpty();
                anyNeeded |= needed[i];
            }
            if (!anyNeeded) continue;
            List<Tensor> dIns = reg.backward().apply(dOuts, needed);
            List<Tensor> ys = new ArrayList<>(), dys = new ArrayList<>();
            for (int i = 0; i < reg.inputs().size(); i++) {
                if (dIns.get(i) == null || !needed[i]) continue;
                ys.add(reg.inputs().get(i));
                dys.add(dIns.get(i));
            }
            if (!ys.isEmpty()) backprop(ys, dys, ps, earlier, pg, og);
        }
        for (Parameter p : ps) {
            Tensor g = pg.get(p);
            out.put(p, g != null ? g : wrap(tf.zerosLike(Tensor.u(reads.get(p).operand()))));
        }
        return out;
    }

    /** One TensorFlow reverse pass from {@code ys} (seeded with {@code dys}, or 1) to the parameters and the given region outputs; adds what it finds. */
    private void backprop(List<Tensor> ys, List<Tensor> dys, List<Parameter> ps, List<Tensor> outs, Map<Parameter, Tensor> pg, Map<Tensor, Tensor> og) {
        if (dys != null) {
            // a region input that is a parameter's read itself: its gradient is the seed, no pass needed
            List<Tensor> restY = new ArrayList<>(), restD = new ArrayList<>();
            for (int i = 0; i < ys.size(); i++) {
                Parameter direct = null;
                for (Parameter p : ps) if (reads.get(p).operand() == ys.get(i).operand()) direct = p;
                if (direct != null) pg.merge(direct, dys.get(i), Tensor::add);
                else {
                    restY.add(ys.get(i));
                    restD.add(dys.get(i));
                }
            }
            if (restY.isEmpty()) return;
            ys = restY;
            dys = restD;
        }
        // TensorFlow refuses an x that the ys do not depend on: ask only for those reached walking back from the ys
        Set<String> reached = ancestors(ys);
        List<Output<?>> xs = new ArrayList<>();
        List<Object> owners = new ArrayList<>();
        for (Parameter p : ps) {
            if (reached.contains(reads.get(p).operand().op().name())) {
                xs.add(reads.get(p).operand().asOutput());
                owners.add(p);
            }
        }
        for (Tensor o : outs) {
            if (reached.contains(o.operand().op().name())) {
                xs.add(o.operand().asOutput());
                owners.add(o);
            }
        }
        if (xs.isEmpty()) return;
        Output<?>[] y = new Output<?>[ys.size()];
        for (int i = 0; i < y.length; i++) y[i] = ys.get(i).operand().asOutput();
        Output<?>[] dy = null;
        if (dys != null) {
            dy = new Output<?>[dys.size()];
            for (int i = 0; i < dy.length; i++) dy[i] = dys.get(i).operand().asOutput();
        }
        Output<?>[] gs = engine.graph().addGradients(id + "_grad" + engine.nextId(), y, xs.toArray(new Output<?>[0]), dy);
        for (int i = 0; i < gs.length; i++) {
            if (gs[i] == null || gs[i].op() == null) continue;
            Tensor g = wrap(gs[i]);
            if (owners.get(i) instanceof Parameter p) pg.merge(p, g, Tensor::add);
            else og.merge((Tensor) owners.get(i), g, Tensor::add);
        }
    }

    /** Names of the ops the ys depend on through data edges, not looking past a StopGradient (no gradient crosses it). */
    private static Set<String> ancestors(List<Tensor> ys) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<GraphOperation> todo = new ArrayDeque<>();
        for (Tensor y : ys) {
            GraphOperation op = (GraphOperation) y.operand().op();
            if (seen.add(op.name())) todo.add(op);
        }
        while (!todo.isEmpty()) {
            GraphOperation op = todo.poll();
            if (op.type().equals("StopGradient")) continue;
            for (int i = 0; i < op.numInputs(); i++) {
                GraphOperation in = (GraphOperation) op.input(i).op();
                if (seen.add(in.name())) todo.add(in);
            }
        }
        return seen;
    }

    Tensor hiddenIn(Hidden h, long[] shape) {
        Operand<?> ph = hiddenIn.computeIfAbsent(h, k -> tf.placeholder(dtype(), Placeholder.shape(Shape.of(shape))));
        if (!Arrays.equals(ph.shape().asArray(), shape)) {
            throw new IllegalArgumentException("one graph reads a hidden state at two shapes: " + ph.shape() + " and " + Arrays.toString(shape));
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
