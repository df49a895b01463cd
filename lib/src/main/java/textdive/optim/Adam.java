package textdive.optim;

import java.util.List;
import java.util.Map;
import textdive.nn.ParamUpdate;
import textdive.nn.Parameter;

/**
 * fastai's Adam: {@code m = mom*m + (1-mom)*g}, {@code v = sqrMom*v + (1-sqrMom)*g^2},
 * {@code p -= lr/(1-mom^t) * m / (sqrt(v/(1-sqrMom^t)) + eps)}, defaults mom 0.9, sqrMom 0.99,
 * eps 1e-5, decoupled weight decay 0.01: fastai's {@code weight_decay}, then its {@code adam_step}
 * ({@link ParamUpdate#adamStep}), with the bias corrections fed for each step.
 */
public class Adam extends Optimizer {
    private final double sqrMom;
    private final double eps;

    public Adam(List<List<Parameter>> paramGroups) {
        this(paramGroups, 0.99, 1e-5);
    }

    public Adam(List<List<Parameter>> paramGroups, double sqrMom, double eps) {
        super(paramGroups);
        this.sqrMom = sqrMom;
        this.eps = eps;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("grad_avg", "sqr_avg");
    }

    @Override
    protected List<String> hyperNames() {
        return List.of("lr", "mom", "sqrMom", "momPow", "sqrMomPow", "eps");
    }

    @Override
    protected Map<String, Double> hyperValues(ParamGroup g) {
        double sqrPow = Math.pow(sqrMom, g.step);
        return Map.of("lr", g.lr, "mom", g.mom, "sqrMom", sqrMom,
                "momPow", Math.pow(g.mom, g.step), "sqrMomPow", sqrPow, "eps", eps * Math.sqrt(1 - sqrPow));
    }

    @Override
    protected void step(ParamUpdate u, Parameter p, Hypers h) {
        u.adamStep(slot(p, "grad_avg"), slot(p, "sqr_avg"), h.get("lr"), h.get("mom"), h.get("sqrMom"), h.get("momPow"), h.get("sqrMomPow"), h.get("eps"));
    }
}
