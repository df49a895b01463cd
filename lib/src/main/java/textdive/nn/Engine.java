package textdive.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * Owns one TensorFlow graph and session for a model. Every variant the model needs (training and
 * evaluation, each batch shape) is added to this one graph as a {@link Program}, so all of them
 * share the same resource variables. Parameters are initialised from their host values the first
 * time a program runs.
 */
public final class Engine implements AutoCloseable {
    /** Thread counts and whether grappler rewrites graphs (it dominates the first step and rarely helps here). */
    public record Settings(int intraOpThreads, int interOpThreads, boolean grappler) {
        /** From {@code TEXTDIVE_THREADS} (default: all cores) and {@code TEXTDIVE_GRAPPLER} (default off), read by {@link textdive.config.Settings}. */
        public static Settings fromEnvironment() {
            int threads = textdive.config.Settings.threads();
            return new Settings(threads, threads, textdive.config.Settings.grappler());
        }
    }

    private static final AtomicLong ENGINES = new AtomicLong();
    private static final Map<Module, Engine> BY_MODEL = new WeakHashMap<>();
    private static volatile Settings defaults = Settings.fromEnvironment();

    private final long engineId = ENGINES.incrementAndGet();
    private final Class<? extends TNumber> dtype;
    private final ConfigProto config;
    private Graph graph;
    private Session session;
    private Ops tf;
    private int built;
    private final Map<Parameter, Var> vars = new IdentityHashMap<>();
    private final List<Parameter> pending = new ArrayList<>();
    private final Map<Object, Program> programs = new HashMap<>();
    private final SplittableRandom seeds;
    private long ids;

    record Var(Operand<?> handle, Operand<?> assignValue, Op assign, Operand<?> read) {
    }

    public Engine(Class<? extends TNumber> dtype, Settings settings) {
        if (dtype != TFloat32.class && dtype != TFloat64.class) throw new IllegalArgumentException("dtype must be TFloat32 or TFloat64");
        this.dtype = dtype;
        this.graph = new Graph();
        ConfigProto.Builder cfg = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(settings.intraOpThreads())
                .setInterOpParallelismThreads(settings.interOpThreads());
        if (!settings.grappler()) {
            cfg.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        this.config = cfg.build();
        this.session = new Session(graph, config);
        this.tf = Ops.create(graph);
        this.seeds = Rng.split();
    }

    public Engine(Class<? extends TNumber> dtype) {
        this(dtype, defaults);
    }

    /** The engine of a model (float32, default settings), created on first use. */
    public static synchronized Engine of(Module model) {
        return BY_MODEL.computeIfAbsent(model, m -> new Engine(TFloat32.class));
    }

    /**
     * Builds the tensors {@code body} returns in a throw-away float32 graph, runs it once and
     * returns their values: for looking at a few operations outside a model (no inputs, no training).
     */
    public static List<double[]> evaluate(Supplier<List<Tensor>> body) {
        return evalAll(false, body).stream().map(TensorValue::data).toList();
    }

    /**
     * The value of the tensor {@code body} builds, computed in a throw-away float32 graph: a few operations
     * looked at outside a model, the way a PyTorch tensor prints in a notebook:
     * {@code eval(() -> F.tensor(new double[] {1, 2, 3, 4}, 2, 2).relu())}.
     */
    public static TensorValue eval(Supplier<Tensor> body) {
        return evalAll(false, () -> List.of(body.get())).get(0);
    }

    /** As {@link #eval}, in a training graph: dropout and the other training-only layers are active (seeded by {@link Rng}). */
    public static TensorValue evalTraining(Supplier<Tensor> body) {
        return evalAll(true, () -> List.of(body.get())).get(0);
    }

    /** The values of several tensors built together (sharing random draws, such as one dropout mask). */
    public static List<TensorValue> evalAll(boolean training, Supplier<List<Tensor>> body) {
        try (Engine e = new Engine(TFloat32.class)) {
            List<String> names = new ArrayList<>();
            List<Boolean> integral = new ArrayList<>();
            Program p = e.program("eval", training, b -> {
                List<Tensor> ts = body.get();
                for (int i = 0; i < ts.size(); i++) {
                    names.add("t" + i);
                    integral.add(ts.get(i).isIntegral());
                    b.output("t" + i, ts.get(i));
                }
            });
            Program.Outputs out = p.run(Map.of());
            List<TensorValue> res = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) res.add(new TensorValue(out.shape(names.get(i)), out.get(names.get(i)), integral.get(i)));
            return res;
        }
    }

    /** The version of the TensorFlow native library the engine runs on (loading it if needed). */
    public static String tensorFlowVersion() {
        return TensorFlow.version();
    }

    /** Settings for engines created from now on. */
    public static void defaultSettings(Settings s) {
        defaults = s;
    }

    public static Settings defaultSettings() {
        return defaults;
    }

    public Class<? extends TNumber> dtype() {
        return dtype;
    }

    Graph graph() {
        return graph;
    }

    Session session() {
        return session;
    }

    /**
     * The program registered under {@code key}, built by {@code body} the first time: body declares
     * inputs, calls the model's forward, and declares outputs and update ops on the {@link Build}.
     */
    public synchronized Program program(Object key, boolean training, Consumer<Build> body) {
        Program p = programs.get(key);
        if (p != null) return p;
        String id = "p" + programs.size();
        Build b = new Build(this, tf.withSubScope(id), training, id);
        Build old = Build.swap(b);
        try {
            body.accept(b);
        } finally {
            Build.swap(old);
        }
        p = new Program(this, b);
        programs.put(key, p);
        built++;
        return p;
    }

    /** The programs built since this engine started, across {@link #newGraph}s. */
    public int numPrograms() {
        return built;
    }

    /**
     * Starts a new graph and session for the same model: every variable's value goes back to its parameter, and the
     * programs built so far are dropped (each is built again when next used). Why: TensorFlow re-reads the whole graph
     * each time a program is added to it, so a graph that keeps programs nobody runs any more (the training graphs of
     * an earlier frozen state, fastai's {@code freezeTo}) makes every later program slower to add.
     */
    public synchronized void newGraph() {
        releaseGraph();
        vars.clear();
        programs.clear();
        graph = new Graph();
        session = new Session(graph, config);
        tf = Ops.create(graph);
    }

    synchronized Var var(Parameter p) {
        Var v = vars.get(p);
        if (v != null) return v;
        p.attach(this);
        String shared = "textdive" + engineId + "_" + vars.size() + "_" + p.name().replaceAll("[^A-Za-z0-9_]", "_");
        Ops vt = tf.withSubScope("vars");
        Shape shape = Shape.of(p.shape());
        Operand<?> handle = vt.varHandleOp(dtype, shape, VarHandleOp.sharedName(shared));
        Operand<?> value = vt.placeholder(dtype, Placeholder.shape(shape));
        Op assign = vt.assignVariableOp(handle, value);
        Operand<?> read = vt.readVariableOp(handle, dtype);
        v = new Var(handle, value, assign, read);
        vars.put(p, v);
        pending.add(p);
        return v;
    }

    /** The resource handle of a parameter's variable (creates it on first use). */
    public Operand<?> handle(Parameter p) {
        return var(p).handle();
    }

    synchronized void initPending() {
        if (pending.isEmpty()) return;
        Session.Runner r = session.runner();
        List<org.tensorflow.Tensor> owned = new ArrayList<>();
        try {
            for (Parameter p : pending) {
                Var v = vars.get(p);
                org.tensorflow.Tensor t = HostTensors.of(dtype, p.shape(), p.hostValues());
                owned.add(t);
                r.feed(v.assignValue(), t);
                r.addTarget(v.assign());
            }
            r.run().close();
            pending.clear();
        } finally {
            owned.forEach(org.tensorflow.Tensor::close);
        }
    }

    synchronized double[] read(Parameter p) {
        Var v = var(p);
        initPending();
        try (Result res = session.runner().fetch(v.read()).run()) {
            return HostTensors.toDoubles(res.get(0));
        }
    }

    synchronized void write(Parameter p, double[] values) {
        Var v = var(p);
        initPending();
        try (org.tensorflow.Tensor t = HostTensors.of(dtype, p.shape(), values)) {
            session.runner().feed(v.assignValue(), t).addTarget(v.assign()).run().close();
        }
    }

    /** Current values of several parameters in one session run. */
    public synchronized Map<Parameter, double[]> readAll(List<Parameter> ps) {
        for (Parameter p : ps) var(p);
        initPending();
        Map<Parameter, double[]> out = new LinkedHashMap<>();
        if (ps.isEmpty()) return out;
        Session.Runner r = session.runner();
        for (Parameter p : ps) r.fetch(vars.get(p).read());
        try (Result res = r.run()) {
            for (int i = 0; i < ps.size(); i++) out.put(ps.get(i), HostTensors.toDoubles(res.get(i)));
        }
        return out;
    }

    long nextSeed() {
        return (seeds.nextLong() & 0x7fffffffL) + 1;
    }

    synchronized long nextId() {
        return ++ids;
    }

    /** Copies every variable back to its parameter's host values (the parameters leave this engine), then frees the session and graph. */
    private void releaseGraph() {
        List<Parameter> ps = new ArrayList<>(vars.keySet());
        Map<Parameter, double[]> last = ps.isEmpty() ? Map.of() : readAll(ps);
        for (Parameter p : ps) p.detachFrom(this, last.get(p));
        session.close();
        graph.close();
    }

    /** Copies every variable back to its parameter's host values, then frees the graph and session. */
    @Override
    public synchronized void close() {
        releaseGraph();
        synchronized (Engine.class) {
            BY_MODEL.values().removeIf(e -> e == this);
        }
    }
}
