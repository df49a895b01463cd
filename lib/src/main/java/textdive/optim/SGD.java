package textdive.optim;

import java.util.List;
import java.util.Map;
import textdive.nn.ParamUpdate;
import textdive.nn.Parameter;

/**
 * SGD with momentum as fastai (and PyTorch) define it: {@code avg = mom*avg + g}, {@code p -= lr*avg};
 * momentum 0 is plain SGD ({@link ParamUpdate#momentumStep}).
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
    protected void step(ParamUpdate u, Parameter p, Hypers h) {
        u.momentumStep(slot(p, "grad_avg"), h.get("lr"), h.get("mom"));
    }
}
