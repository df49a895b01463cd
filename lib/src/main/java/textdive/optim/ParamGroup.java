package textdive.optim;

import java.util.List;
import textdive.nn.Parameter;

/**
 * Parameters that share hyper-parameters (fastai's parameter groups: the layers of a pretrained
 * model get smaller learning rates than its head). A frozen group is not updated.
 */
public final class ParamGroup {
    private final List<Parameter> params;
    double lr = 1e-3;
    double mom = 0.9;
    double wd = 0.01;
    boolean frozen;
    long step;

    public ParamGroup(List<Parameter> params) {
        this.params = List.copyOf(params);
    }

    public List<Parameter> params() {
        return params;
    }

    public double lr() {
        return lr;
    }

    public double mom() {
        return mom;
    }

    public double wd() {
        return wd;
    }

    public boolean frozen() {
        return frozen;
    }

    /** How many updates this group has had (Adam's bias correction counts them). */
    public long step() {
        return step;
    }
}
