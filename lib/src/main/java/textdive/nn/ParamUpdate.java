package textdive.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * One parameter's update in a training graph, as fastai writes an optimizer: a sequence of step functions
 * ({@code weight_decay}, then {@code sgd_step} or {@code adam_step}), each run after the previous one and after the
 * parameter's gradient exists. The optimizers of {@code textdive.optim} are written with these; the steps run as
 * TensorFlow's fused kernels ({@code ResourceApplyAdam}, {@code ResourceApplyMomentum}), one pass over the weights.
 */
public final class ParamUpdate {
    private final Build b;
    private final Parameter p;
    private final Tensor grad;
    private Ops tf;

    ParamUpdate(Build b, Parameter p, Tensor grad) {
        this.b = b;
        this.p = p;
        this.grad = grad;
        this.tf = b.tf().withControlDependencies(List.of(grad.operand()));
    }

    /** The update of {@code p} with gradient {@code grad} in the graph under construction. */
    public static ParamUpdate of(Parameter p, Tensor grad) {
        return new ParamUpdate(Build.current(), p, grad);
    }

    /** fastai's {@code weight_decay} (decoupled, "true weight decay"): {@code p <- p * factor}, factor = 1 - lr * wd. */
    public ParamUpdate weightDecay(Tensor factor) {
        Operand<?> handle = b.engine().handle(p);
        Operand<?> cur = tf.readVariableOp(handle, b.dtype());
        Op decay = tf.assignVariableOp(handle, tf.math.mul(Tensor.u(cur), Tensor.u(factor.operand())));
        tf = tf.withControlDependencies(List.of(decay));
        return this;
    }

    /**
     * fastai's Adam ({@code average_grad} with dampening, {@code average_sqr_grad}, {@code step_stat}, {@code adam_step}):
     * {@code m = mom*m + (1-mom)*g}, {@code v = sqrMom*v + (1-sqrMom)*g²}, {@code p -= lr/(1-mom^t) * m / (sqrt(v/(1-sqrMom^t)) + eps)}.
     * TensorFlow's kernel computes the same with its epsilon at {@code eps*sqrt(1-sqrMom^t)}, which the caller feeds.
     */
    public void adamStep(Parameter gradAvg, Parameter sqrAvg, Tensor lr, Tensor mom, Tensor sqrMom, Tensor momPow, Tensor sqrMomPow, Tensor epsScaled) {
        Engine e = b.engine();
        b.target(tf.train.resourceApplyAdam(e.handle(p), e.handle(gradAvg), e.handle(sqrAvg), Tensor.u(momPow.operand()), Tensor.u(sqrMomPow.operand()),
                Tensor.u(lr.operand()), Tensor.u(mom.operand()), Tensor.u(sqrMom.operand()), Tensor.u(epsScaled.operand()), Tensor.u(grad.operand())));
    }

    /** fastai's SGD with momentum ({@code average_grad} without dampening, {@code sgd_step}): {@code avg = mom*avg + g}, {@code p -= lr*avg}. */
    public void momentumStep(Parameter gradAvg, Tensor lr, Tensor mom) {
        Engine e = b.engine();
        b.target(tf.train.resourceApplyMomentum(e.handle(p), e.handle(gradAvg), Tensor.u(lr.operand()), Tensor.u(grad.operand()), Tensor.u(mom.operand())));
    }
}
