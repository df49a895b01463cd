package textdive.optim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import textdive.nn.Build;
import textdive.nn.ParamUpdate;
import textdive.nn.Parameter;
import textdive.nn.Tensor;

/**
 * An optimizer whose update step is part of the training graph. The hyper-parameters (learning
 * rate, momentum, weight-decay factor, bias corrections) are fed as scalars on every step, so
 * schedules cost nothing and one graph serves the whole training. Weight decay is decoupled
 * (fastai's {@code true_wd}): {@code p <- p * (1 - lr*wd)} before the step.
 */
public abstract class Optimizer {
    protected final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Parameter, Map<String, Parameter>> slots = new HashMap<>();
    private double clip;

    protected Optimizer(List<List<Parameter>> paramGroups) {
        if (paramGroups.isEmpty()) throw new IllegalArgumentException("an optimizer needs at least one parameter group");
        for (List<Parameter> g : paramGroups) groups.add(new ParamGroup(g));
    }

    public List<ParamGroup> groups() {
        return groups;
    }

    /** The same learning rate for every group. */
    public void setLr(double lr) {
        for (ParamGroup g : groups) g.lr = lr;
    }

    /** One learning rate per group (discriminative learning rates). */
    public void setLrs(double... lrs) {
        if (lrs.length != groups.size()) throw new IllegalArgumentException(groups.size() + " parameter groups but " + lrs.length + " learning rates");
        for (int i = 0; i < lrs.length; i++) groups.get(i).lr = lrs[i];
    }

    public void setMom(double mom) {
        for (ParamGroup g : groups) g.mom = mom;
    }

    public void setWd(double wd) {
        for (ParamGroup g : groups) g.wd = wd;
    }

    /** Freezes the first {@code n} groups (fastai {@code freeze_to}); negative counts from the end. */
    public void freezeTo(int n) {
        int k = n < 0 ? groups.size() + n : n;
        for (int i = 0; i < groups.size(); i++) groups.get(i).frozen = i < k;
    }

    /**
     * Forgets what the optimizer has accumulated: moments back to zero, step counts to zero (fastai's
     * {@code clear_state}, which {@code freeze_to} calls: a group that starts training again starts afresh).
     */
    public void clearState() {
        for (ParamGroup g : groups) g.step = 0;
        for (Map<String, Parameter> perParam : slots.values()) {
            for (Parameter s : perParam.values()) s.set(new double[s.numel()]);
        }
    }

    /** Rescales the gradients so that their global L2 norm is at most {@code maxNorm} (0 = off). Set before training starts. */
    public void clipGradNorm(double maxNorm) {
        this.clip = maxNorm;
    }

    public double clipGradNorm() {
        return clip;
    }

    /** Parameters being trained now (not in frozen groups). */
    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (ParamGroup g : groups) if (!g.frozen) out.addAll(g.params());
        return out;
    }

    /** Adds the update ops for the given gradients to the training graph. */
    public final void build(Build b, Map<Parameter, Tensor> grads) {
        Map<Parameter, Tensor> gs = clip > 0 ? clipped(b, grads) : grads;
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            if (g.frozen) continue;
            Hypers h = new Hypers(b, gi, hyperNames());
            for (Parameter p : g.params()) {
                Tensor grad = gs.get(p);
                if (grad == null) continue;
                ParamUpdate u = ParamUpdate.of(p, grad);
                if (p.weightDecay()) u.weightDecay(h.get("decay"));
                step(u, p, h);
            }
        }
    }

    /** Feeds for the next step; advances the step counters. */
    public final Map<String, Object> nextStepFeeds() {
        Map<String, Object> feeds = new LinkedHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            if (g.frozen) continue;
            g.step++;
            Map<String, Double> values = new LinkedHashMap<>(hyperValues(g));
            values.put("decay", 1 - g.lr * g.wd);
            for (var e : values.entrySet()) feeds.put(Hypers.name(gi, e.getKey()), e.getValue());
        }
        if (clip > 0) feeds.put("opt.clip", clip);
        return feeds;
    }

    /** Names of the scalars {@link #hyperValues} returns (besides "decay"). */
    protected abstract List<String> hyperNames();

    protected abstract Map<String, Double> hyperValues(ParamGroup g);

    /** The optimizer's step for one parameter, after fastai's decoupled weight decay (fastai: the step functions after {@code weight_decay}). */
    protected abstract void step(ParamUpdate u, Parameter p, Hypers h);

    /** A per-parameter state variable (zeros at first), kept for save/load. */
    protected final Parameter slot(Parameter p, String name) {
        return slots.computeIfAbsent(p, k -> new LinkedHashMap<>()).computeIfAbsent(name, k -> {
            Parameter s = Parameter.zeros(p.shape()).weightDecay(false);
            return s;
        });
    }

    /** Optimizer state in a fixed order (group.param.slot), for checkpoints. */
    public Map<String, Parameter> state() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        int gi = 0;
        for (ParamGroup g : groups) {
            int pi = 0;
            for (Parameter p : g.params()) {
                for (String s : slotNames()) out.put(gi + "." + pi + "." + s, slot(p, s));
                pi++;
            }
            gi++;
        }
        return out;
    }

    /** Restores the per-group step counters saved with a checkpoint. */
    public void restoreSteps(long[] steps) {
        if (steps.length != groups.size()) throw new IllegalArgumentException(groups.size() + " groups, " + steps.length + " step counters");
        for (int i = 0; i < steps.length; i++) groups.get(i).step = steps[i];
    }

    /** Names of the per-parameter state tensors this optimizer keeps. */
    protected abstract List<String> slotNames();

    private Map<Parameter, Tensor> clipped(Build b, Map<Parameter, Tensor> grads) {
        Tensor sq = null;
        for (Tensor g : grads.values()) sq = sq == null ? g.square().sum() : sq.add(g.square().sum());
        Tensor norm = sq.sqrt();
        Tensor maxNorm = b.scalarInput("opt.clip");
        Tensor scale = maxNorm.div(norm.maximum(maxNorm));
        Map<Parameter, Tensor> out = new LinkedHashMap<>();
        for (var e : grads.entrySet()) out.put(e.getKey(), e.getValue().mul(scale));
        return out;
    }

    /** The fed scalars of one parameter group inside the training graph. */
    protected static final class Hypers {
        private final Map<String, Tensor> byName = new HashMap<>();

        Hypers(Build b, int group, List<String> names) {
            for (String n : names) byName.put(n, b.scalarInput(name(group, n)));
            byName.put("decay", b.scalarInput(name(group, "decay")));
        }

        static String name(int group, String hyper) {
            return "opt." + hyper + "." + group;
        }

        public Tensor get(String name) {
            Tensor t = byName.get(name);
            if (t == null) throw new IllegalArgumentException("no hyper-parameter " + name);
            return t;
        }
    }
}
