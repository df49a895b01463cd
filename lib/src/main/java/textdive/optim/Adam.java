package textdive.optim;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import textdive.nn.Build;
import textdive.nn.Parameter;
import textdive.nn.Tensor;

/**
 * fastai's Adam: {@code m = mom*m + (1-mom)*g}, {@code v = sqrMom*v + (1-sqrMom)*g^2},
 * {@code p -= lr/(1-mom^t) * m / (sqrt(v/(1-sqrMom^t)) + eps)}, defaults mom 0.9, sqrMom 0.99,
 * eps 1e-5, decoupled weight decay 0.01. Runs as TensorFlow's fused {@code ResourceApplyAdam}, with
 * its epsilon fed as {@code eps*sqrt(1-sqrMom^t)}, which makes the two formulas identical.
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
    protected Op update(Build b, Ops tf, Parameter p, Operand<?> handle, Tensor grad, Hypers h) {
        Operand<?> m = b.engine().handle(slot(p, "grad_avg"));
        Operand<?> v = b.engine().handle(slot(p, "sqr_avg"));
        return tf.train.resourceApplyAdam(handle, m, v, u(h.get("momPow").operand()), u(h.get("sqrMomPow").operand()),
                u(h.get("lr").operand()), u(h.get("mom").operand()), u(h.get("sqrMom").operand()), u(h.get("eps").operand()), u(grad.operand()));
    }
}
