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
 * SGD with momentum as fastai (and PyTorch) define it: {@code avg = mom*avg + g}, {@code p -= lr*avg};
 * momentum 0 is plain SGD. Runs as TensorFlow's {@code ResourceApplyMomentum}.
 */
public class SGD extends Optimizer {
    public SGD(List<List<Parameter>> paramGroups) {
        super(paramGroups);
        setMom(0);
        setWd(0);
    }

    @Override
    protected List<String> slotNames() {
        return List.of("grad_avg");
    }

    @Override
    protected List<String> hyperNames() {
        return List.of("lr", "mom");
    }

    @Override
    protected Map<String, Double> hyperValues(ParamGroup g) {
        return Map.of("lr", g.lr, "mom", g.mom);
    }

    @Override
    protected Op update(Build b, Ops tf, Parameter p, Operand<?> handle, Tensor grad, Hypers h) {
        Operand<?> avg = b.engine().handle(slot(p, "grad_avg"));
        return tf.train.resourceApplyMomentum(handle, avg, u(h.get("lr").operand()), u(grad.operand()), u(h.get("mom").operand()));
    }
}
