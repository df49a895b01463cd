package textdive.nn;

/** A loss: model output and targets in, a scalar out (built into the graph). */
@FunctionalInterface
public interface LossFunc {
    Tensor apply(Tensor pred, Tensor target);
}
