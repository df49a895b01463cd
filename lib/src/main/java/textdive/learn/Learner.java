package textdive.learn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import textdive.data.Batch;
import textdive.data.DataLoader;
import textdive.data.DataLoaders;
import textdive.io.SectionFile;
import textdive.nn.Build;
import textdive.nn.Engine;
import textdive.nn.Hidden;
import textdive.nn.LossFunc;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.Program;
import textdive.nn.Tensor;
import textdive.nn.TensorValue;
import textdive.optim.Adam;
import textdive.optim.OptFunc;
import textdive.optim.Optimizer;

/**
 * fastai's {@code Learner}: data, model, loss, metrics and callbacks; {@code fit}, {@code fitOneCycle},
 * {@code lrFind}. Each (mode, batch shape) gets its own graph, built on first use and reused.
 */
public class Learner implements AutoCloseable {
    private final DataLoaders dls;
    private final Module model;
    private final LossFunc lossFunc;
    private final List<Metric> metrics;
    private final List<Callback> cbs;
    private final Recorder recorder = new Recorder();
    private final Engine engine;
    private OptFunc optFunc = Adam::new;
    private Optimizer opt;
    private double wd = 0.01;
    private double[] moms = {0.95, 0.85, 0.95};
    private double clip;
    private int epoch;
    private Function<Module, List<List<Parameter>>> splitter = m -> List.of(m.parameters());
    private int frozenTo;

    public Learner(DataLoaders dls, Module model, LossFunc lossFunc, Metric... metrics) {
        this(dls, model, lossFunc, List.of(metrics), List.of());
    }

    public Learner(DataLoaders dls, Module model, LossFunc lossFunc, List<Metric> metrics, List<Callback> cbs) {
        if (dls == null) throw new IllegalArgumentException("a Learner needs DataLoaders, got null");
        if (model == null) throw new IllegalArgumentException("a Learner needs a model, got null");
        if (lossFunc == null) throw new IllegalArgumentException("a Learner needs a loss function, got null");
        this.dls = dls;
        this.model = model;
        this.lossFunc = lossFunc;
        this.metrics = List.copyOf(metrics);
        this.cbs = new ArrayList<>(cbs);
        this.engine = Engine.of(model);
    }

    public Module model() {
        return model;
    }

    public DataLoaders dls() {
        return dls;
    }

    public Recorder recorder() {
        return recorder;
    }

    public Optimizer opt() {
        if (opt == null) createOpt();
        return opt;
    }

    public int epoch() {
        return epoch;
    }

    public List<Callback> cbs() {
        return cbs;
    }

    public Learner addCb(Callback cb) {
        cbs.add(cb);
        return this;
    }

    /** The optimizer to use (default fastai's Adam); resets the optimizer state. */
    public Learner optFunc(OptFunc f) {
        this.optFunc = f;
        this.opt = null;
        return this;
    }

    /** Default weight decay (fastai: 0.01). */
    public Learner wd(double wd) {
        this.wd = wd;
        return this;
    }

    /** Momentum cycle of {@code fitOneCycle} (fastai: 0.95, 0.85, 0.95). */
    public Learner moms(double start, double middle, double end) {
        this.moms = new double[] {start, middle, end};
        return this;
    }

    /** Gradient clipping by global norm (0 = off); fastai's {@code GradientClip}. */
    public Learner clipGradNorm(double maxNorm) {
        this.clip = maxNorm;
        if (opt != null) opt.clipGradNorm(maxNorm);
        return this;
    }

    /**
     * How the model is split into layer groups (fastai's {@code splitter}): the groups get their own learning
     * rates ({@link Lr#slice}) and can be frozen ({@link #freezeTo}). Every parameter must be in exactly one group.
     * Resets the optimizer.
     */
    public Learner splitter(Function<Module, List<List<Parameter>>> splitter) {
        if (splitter == null) throw new IllegalArgumentException("splitter is null");
        this.splitter = splitter;
        this.opt = null;
        paramGroups(); // fail now on a bad split, not at the first fit
        return this;
    }

    /** The layer groups of the model, first (nearest the input) to last (the head). */
    public List<List<Parameter>> paramGroups() {
        List<List<Parameter>> groups = splitter.apply(model);
        if (groups == null || groups.isEmpty()) throw new IllegalArgumentException("the splitter returned no parameter group");
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int g = 0; g < groups.size(); g++) {
            for (Parameter p : groups.get(g)) {
                if (!seen.add(p)) throw new IllegalArgumentException("parameter " + p.name() + " is in two layer groups (the second is group " + g + ")");
            }
        }
        for (Parameter p : model.parameters()) {
            if (!seen.contains(p)) throw new IllegalArgumentException("parameter " + p.name() + " is in no layer group: the splitter must cover the whole model");
        }
        return groups;
    }

    private void createOpt() {
        opt = optFunc.create(paramGroups());
        opt.clipGradNorm(clip);
        opt.freezeTo(frozenTo);
    }

    // ---------- freezing (fastai's freeze_to) ----------

    /**
     * Trains only the groups from {@code n} on (negative: counted from the end, {@code freezeTo(-2)} trains the last
     * two); the others keep their weights exactly. Like fastai, clears the optimizer state (moments and step counts).
     * The graphs of the previous frozen state are dropped ({@link Engine#newGraph}): they would only slow down adding
     * the new state's.
     */
    public Learner freezeTo(int n) {
        int groups = opt().groups().size();
        int k = n < 0 ? groups + n : n;
        if (k < 0 || k >= groups) {
            throw new IllegalArgumentException("freezeTo(" + n + "): the model has " + groups + " layer groups, so n must be in [" + (-groups) + ", " + (groups - 1) + "]");
        }
        frozenTo = k;
        opt.freezeTo(k);
        opt.clearState();
        engine.newGraph();
        return this;
    }

    /** Trains only the last layer group (the new head): fastai's {@code freeze()}. */
    public Learner freeze() {
        return freezeTo(-1);
    }

    /** Trains every layer group. */
    public Learner unfreeze() {
        return freezeTo(0);
    }

    // ---------- training ----------

    /** Constant learning rate for {@code nEpoch} epochs. */
    public void fit(int nEpoch, double lr) {
        fit(nEpoch, Lr.of(lr));
    }

    public void fit(int nEpoch, double lr, double wd) {
        fit(nEpoch, Lr.of(lr), wd);
    }

    /** Constant learning rates, one per layer group ({@link Lr#slice}). */
    public void fit(int nEpoch, Lr lr) {
        fit(nEpoch, lr, wd);
    }

    public void fit(int nEpoch, Lr lr, double wd) {
        checkFitArgs(nEpoch, lr);
        double mom = opt().groups().get(0).mom();
        run(nEpoch, lr, Schedules::constant, Schedules.constant(mom), wd);
    }

    /** fastai's one-cycle policy: lr warms up from lrMax/25 over 25 % of training, then anneals to lrMax/1e5 (cosine); momentum the other way. */
    public void fitOneCycle(int nEpoch, double lrMax) {
        fitOneCycle(nEpoch, Lr.of(lrMax));
    }

    public void fitOneCycle(int nEpoch, double lrMax, double wd) {
        fitOneCycle(nEpoch, Lr.of(lrMax), wd);
    }

    /** One-cycle with discriminative rates: {@code fitOneCycle(1, slice(1e-2 / Math.pow(2.6, 4), 1e-2))}; each group follows the cycle at its own scale. */
    public void fitOneCycle(int nEpoch, Lr lrMax) {
        fitOneCycle(nEpoch, lrMax, wd);
    }

    public void fitOneCycle(int nEpoch, Lr lrMax, double wd) {
        fitOneCycle(nEpoch, lrMax, wd, 0.25, 25, 1e5);
    }

    public void fitOneCycle(int nEpoch, double lrMax, double wd, double pctStart, double div, double divFinal) {
        fitOneCycle(nEpoch, Lr.of(lrMax), wd, pctStart, div, divFinal);
    }

    public void fitOneCycle(int nEpoch, Lr lrMax, double wd, double pctStart, double div, double divFinal) {
        checkFitArgs(nEpoch, lrMax);
        if (!(pctStart >= 0 && pctStart < 1) || !(div > 0) || !(divFinal > 0)) {
            throw new IllegalArgumentException("fitOneCycle needs 0 <= pctStart < 1 and positive div, divFinal, got " + pctStart + ", " + div + ", " + divFinal);
        }
        run(nEpoch, lrMax, base -> oneCycleLr(base, pctStart, div, divFinal), Schedules.combinedCos(pctStart, moms[0], moms[1], moms[2]), wd);
    }

    public static DoubleUnaryOperator oneCycleLr(double lrMax, double pctStart, double div, double divFinal) {
        return Schedules.combinedCos(pctStart, lrMax / div, lrMax, lrMax / divFinal);
    }

    private static void checkFitArgs(int nEpoch, Lr lr) {
        if (nEpoch < 1) throw new IllegalArgumentException("the number of epochs must be at least 1, got " + nEpoch);
        if (lr == null) throw new IllegalArgumentException("the learning rate is null");
    }

    /** {@code schedule} turns a group's rate from {@code lr} into that group's schedule over the position in training. */
    private void run(int nEpoch, Lr lr, DoubleFunction<DoubleUnaryOperator> schedule, DoubleUnaryOperator momSched, double wd) {
        double[] base = lr.perGroup(opt().groups().size());
        DoubleUnaryOperator[] lrScheds = new DoubleUnaryOperator[base.length];
        for (int g = 0; g < base.length; g++) lrScheds[g] = schedule.apply(base[g]);
        opt().setWd(wd);
        for (Callback cb : cbs) cb.beforeFit(this);
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) names.add(m.name());
        int nIter = dls.train().size();
        if (nIter == 0) throw new IllegalStateException("the training DataLoader yields no batch (fewer items than one batch with drop_last?)");
        recorder.beginFit(names, nEpoch);
        long total = (long) nEpoch * nIter;
        long iter = 0;
        boolean completed = false;
        try {
            for (epoch = 0; epoch < nEpoch; epoch++) {
                long t0 = System.nanoTime();
                model.train();
                for (Callback cb : cbs) cb.beforeTrain(this);
                double smooth = Double.NaN;
                int done = 0;
                for (Batch raw : dls.train()) {
                    Batch b = beforeBatch(raw);
                    double pos = (double) iter / total;
                    smooth = trainStep(b, at(lrScheds, pos), momSched.applyAsDouble(pos));
                    iter++;
                    recorder.batchDone("train", ++done, nIter);
                    for (Callback cb : cbs) cb.afterBatch(this);
                }
                double trainPhase = (System.nanoTime() - t0) / 1e9;
                model.eval();
                for (Callback cb : cbs) cb.beforeValidate(this);
                double[] v = validate(dls.valid(), true);
                double[] ms = Arrays.copyOfRange(v, 1, v.length);
                recorder.afterEpoch(epoch, smooth, v[0], ms, (System.nanoTime() - t0) / 1e9, trainPhase);
                for (Callback cb : cbs) cb.afterEpoch(this);
            }
            completed = true;
        } finally {
            model.train();
            recorder.endFit(completed);
            for (Callback cb : cbs) cb.afterFit(this);
        }
    }

    /** fastai's {@code before_batch}: each callback may change the batch (run part of it ahead, as the classifier's long texts). */
    Batch beforeBatch(Batch b) {
        for (Callback cb : cbs) b = cb.beforeBatch(this, b);
        return b;
    }

    /**
     * The program registered under {@code key} on this learner's model, built by {@code body} the first time: for
     * callbacks that run part of the model themselves (fastai's callbacks can call the model too).
     */
    public Program program(Object key, boolean training, Consumer<Build> body) {
        return engine.program(key, training, body);
    }

    /** Each group's scheduled rate at position {@code pos}. */
    static double[] at(DoubleUnaryOperator[] scheds, double pos) {
        double[] out = new double[scheds.length];
        for (int i = 0; i < out.length; i++) out[i] = scheds[i].applyAsDouble(pos);
        return out;
    }

    /** One optimizer step on one batch with a learning rate per layer group; returns the smoothed training loss. */
    double trainStep(Batch b, double[] lrs, double mom) {
        opt.setLrs(lrs);
        opt.setMom(mom);
        double lr = lrs[lrs.length - 1];
        Program p = trainProgram(b);
        Map<String, Object> feeds = new HashMap<>(opt.nextStepFeeds());
        feeds.put("x", b.x());
        feeds.put("y", b.y());
        double loss = p.run(feeds).scalar("loss");
        if (!Double.isFinite(loss)) throw new IllegalStateException("training loss is " + loss + " at lr " + lr + ": lower the learning rate");
        double smooth = recorder.smooth(loss);
        recorder.afterBatch(smooth, lr, mom);
        return smooth;
    }

    private Program trainProgram(Batch batch) {
        long[] xs = batch.x().shape().asArray();
        long[] ys = batch.y().shape().asArray();
        Optimizer o = opt;
        // the optimizer itself is part of the key: lrFind's temporary optimizer gets its own update ops
        List<Object> key = List.of("train", o, Arrays.toString(xs), Arrays.toString(ys), frozenSignature(), o.clipGradNorm() > 0);
        return program(key, true, xs, b -> {
            Tensor x = b.ids("x", xs);
            Tensor y = b.ids("y", ys);
            Tensor pred = model.forward(x);
            Tensor loss = lossFunc.apply(pred, y);
            Tensor lossGrad = loss;
            for (Callback cb : cbs) lossGrad = cb.afterLoss(lossGrad, pred);
            b.output("loss", loss);
            o.build(b, b.gradients(lossGrad, o.trainable()));
        });
    }

    /** Builds (once) the graph for a batch of shape {@code xs}, saying so when a stateful model meets another batch size. */
    private Program program(Object key, boolean training, long[] xs, Consumer<Build> body) {
        try {
            return engine.program(key, training, body);
        } catch (RuntimeException e) {
            for (Hidden h : model.hiddens()) {
                if (!h.isBatched() && xs.length > 0 && Arrays.stream(h.shape()).noneMatch(d -> d == xs[0])) {
                    throw new IllegalStateException(model.getClass().getSimpleName() + " keeps hidden state of shape " + Arrays.toString(h.shape())
                            + " but got a batch of shape " + Arrays.toString(xs) + ": a model with hidden state needs every batch to have its batch size"
                            + " (drop the last, shorter batch: dropLast = true, or a dataset size that is a multiple of bs)", e);
                }
            }
            throw e;
        }
    }

    private String frozenSignature() {
        StringBuilder sb = new StringBuilder();
        for (var g : opt.groups()) sb.append(g.frozen() ? 'F' : 'T');
        return sb.toString();
    }

    private Program evalProgram(long[] xs, long[] ys, boolean withPreds) {
        List<Object> key = List.of("eval", Arrays.toString(xs), Arrays.toString(ys), withPreds);
        return program(key, false, xs, b -> {
            Tensor x = b.ids("x", xs);
            Tensor y = b.ids("y", ys);
            Tensor pred = model.forward(x);
            Tensor loss = lossFunc.apply(pred, y);
            b.output("loss", loss);
            for (int i = 0; i < metrics.size(); i++) b.output("m" + i, metrics.get(i).value(pred, y, loss));
            if (withPreds) b.output("pred", pred.part(0));
        });
    }

    /** Validation loss and metrics (averaged over items, weighted by batch size), in evaluation mode. */
    public double[] validate() {
        return validate(dls.valid());
    }

    public double[] validate(DataLoader dl) {
        return validate(dl, false);
    }

    private double[] validate(DataLoader dl, boolean showProgress) {
        boolean wasTraining = model.training();
        model.eval();
        try {
            double[] sums = new double[1 + metrics.size()];
            long n = 0;
            int batches = 0;
            for (Batch raw : dl) {
                Batch b = beforeBatch(raw);
                Program p = evalProgram(b.x().shape().asArray(), b.y().shape().asArray(), false);
                Program.Outputs out = p.run(Map.of("x", b.x(), "y", b.y()));
                int bs = b.size();
                sums[0] += out.scalar("loss") * bs;
                for (int i = 0; i < metrics.size(); i++) sums[1 + i] += out.scalar("m" + i) * bs;
                n += bs;
                if (showProgress) recorder.batchDone("valid", ++batches, dl.size());
            }
            if (n == 0) throw new IllegalStateException("the validation DataLoader yields no batch");
            double[] res = new double[sums.length];
            res[0] = sums[0] / n;
            for (int i = 0; i < metrics.size(); i++) res[1 + i] = metrics.get(i).finish(sums[1 + i] / n);
            return res;
        } finally {
            model.train(wasTraining);
        }
    }

    /** Model outputs (first part) for every batch of {@code dl}, in the loader's order, one array per batch. */
    public List<double[]> batchOutputs(DataLoader dl) {
        boolean wasTraining = model.training();
        model.eval();
        try {
            List<double[]> out = new ArrayList<>();
            for (Batch raw : dl) {
                Batch b = beforeBatch(raw);
                Program p = evalProgram(b.x().shape().asArray(), b.y().shape().asArray(), true);
                out.add(p.run(Map.of("x", b.x(), "y", b.y())).get("pred"));
            }
            return out;
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * The model's output (its first part) for the inputs of {@code batch}, in evaluation mode; a model with hidden state
     * carries it on from the previous call (reset the model to start afresh). How {@code predict} reads text.
     */
    public TensorValue forward(Batch batch) {
        boolean wasTraining = model.training();
        model.eval();
        try {
            batch = beforeBatch(batch);
            long[] xs = batch.shape();
            Program p = program(List.of("forward", Arrays.toString(xs)), false, xs, b -> b.output("pred", model.forward(b.ids("x", xs)).part(0)));
            Program.Outputs out = p.run(Map.of("x", batch.x()));
            return new TensorValue(out.shape("pred"), out.get("pred"));
        } finally {
            model.train(wasTraining);
        }
    }

    // ---------- learning-rate finder ----------

    /**
     * Trains with an exponentially growing learning rate (1e-7 to 10 over 100 batches, stopping when
     * the loss explodes), then restores the weights. fastai's {@code lr_find} with its valley suggestion.
     */
    public LrFinder.Result lrFind() {
        return lrFind(1e-7, 10, 100);
    }

    public LrFinder.Result lrFind(double startLr, double endLr, int numIt) {
        return lrFind(Lr.of(startLr), Lr.of(endLr), numIt);
    }

    /** The sweep with a rate per layer group: each group goes exponentially from its start to its end rate (fastai accepts arrays). */
    public LrFinder.Result lrFind(Lr startLr, Lr endLr, int numIt) {
        if (numIt < 1) throw new IllegalArgumentException("lrFind needs at least one iteration, got " + numIt);
        return new LrFinder(this).run(startLr, endLr, numIt);
    }

    /** Runs {@code body} with a fresh optimizer and gives back the previous one afterwards. */
    <R> R withTemporaryOptimizer(Supplier<R> body) {
        Optimizer saved = opt;
        createOpt();
        try {
            return body.get();
        } finally {
            opt = saved;
        }
    }

    Engine engine() {
        return engine;
    }

    /** How many graphs (one per mode and batch shape) this learner's model has built so far. */
    public int numGraphs() {
        return engine.numPrograms();
    }

    /** Frees the model's TensorFlow graph and session (the weights are copied back into the model first). */
    @Override
    public void close() {
        engine.close();
    }

    // ---------- checkpoints ----------

    /**
     * Writes the weights and the optimizer state: atomically (readers see the old file or the new
     * one), durably (fsynced), and checksummed ({@link Checkpoint} describes the format).
     */
    public void save(Path file) {
        Map<String, SectionFile.Body> extra = new LinkedHashMap<>(extraSections());
        extra.put("history", out -> SectionFile.writeString(out, recorder.history()));
        Checkpoint.save(file, model, opt(), extra);
    }

    /** Sections a learner saves beside the weights (a vocab, a model config); subclasses add theirs. */
    protected Map<String, SectionFile.Body> extraSections() {
        return Map.of();
    }

    /** Checks (and may refuse) what a file holds beside the weights, before anything is loaded; subclasses check theirs. */
    protected void readExtraSections(SectionFile.Reader r) throws IOException {
    }

    /**
     * Reads weights and optimizer state written by {@link #save}. A truncated or corrupt file, or one
     * made for another model, is refused and changes nothing. The training history saved with the
     * weights comes back into the recorder.
     */
    public void load(Path file) {
        String[] history = {null};
        Checkpoint.load(file, model, opt(), r -> {
            readExtraSections(r);
            if (r.has("history")) history[0] = r.section("history").readString();
        });
        if (history[0] != null) recorder.restoreHistory(history[0]);
    }
}
