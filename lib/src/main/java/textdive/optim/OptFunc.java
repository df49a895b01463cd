package textdive.optim;

import java.util.List;
import textdive.nn.Parameter;

/** Creates an optimizer for parameter groups (fastai's {@code opt_func}, e.g. {@code Adam::new}). */
@FunctionalInterface
public interface OptFunc {
    Optimizer create(List<List<Parameter>> paramGroups);
}
