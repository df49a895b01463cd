package textdive.nn;

import java.util.List;
import org.tensorflow.op.Ops;

/** The losses of the course, fastai names. */
public final class Losses {
    private Losses() {
    }

    /** Mean cross-entropy of logits (N, C) against class ids (N) (PyTorch {@code F.cross_entropy}). */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        if (logits.dim() != 2 || target.dim() != 1 || logits.size(0) != target.size(0)) {
            String hint = logits.dim() == 3 && target.dim() == 2 ? " (a prediction per token: use Losses.crossEntropyFlat())"
                    : logits.dim() == 2 && target.dim() == 2 ? " (targets per token but one prediction per sequence: does forward return every step?)" : "";
            throw new IllegalArgumentException("cross entropy expects logits (N, C) and targets (N), got " + logits.shapeString() + " and " + target.shapeString() + hint);
        }
        Build b = logits.build();
        Ops tf = b.tf();
        var sce = tf.nn.sparseSoftmaxCrossEntropyWithLogits(Tensor.n(logits.operand()), Tensor.n(target.operand()));
        b.explainFailure(sce.loss(), "cross entropy got a target outside [0, " + logits.size(1) + "): the model predicts "
                + logits.size(1) + " classes (is its output size the vocab or label count?)");
        Tensor mean = b.wrap(sce.loss()).mean();
        // d mean / d logits = (softmax - onehot) / N, which the op already returns as its second output. Written by hand so
        // that the seed is one scalar: TensorFlow's own rule multiplies the (N, C) output by a broadcast (N, 1) column, a
        // slow full pass over N x vocab (60k at the book's size) every step.
        Tensor backprop = b.wrap(sce.backprop());
        Tensor n = b.constant(logits.size(0));
        return b.withBackward(List.of(logits), List.of(mean), (dMean, needed) -> List.of(backprop.mul(dMean.get(0).div(n)))).get(0);
    }

    /** fastai's {@code CrossEntropyLossFlat}: sequence outputs (bs, sl, C) and targets (bs, sl) flattened first. */
    public static LossFunc crossEntropyFlat() {
        return (pred, target) -> crossEntropy(pred.view(-1, pred.size(-1)), target.view(-1));
    }

    /** {@code F.cross_entropy} as a loss function (for one prediction per item). */
    public static LossFunc crossEntropy() {
        return Losses::crossEntropy;
    }
}
