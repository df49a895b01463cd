package textdive.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;

/**
 * Java gradients for ops that TensorFlow's C++ library leaves without one (see the project notes:
 * SparseSoftmaxCrossEntropyWithLogits has none). Registered once per process, before any
 * {@code addGradients}.
 */
final class Gradients {
    private static boolean done;

    private Gradients() {
    }

    static synchronized void registerAll() {
        if (done) return;
        done = true;
        // d loss_i / d logits_ij = softmax_ij - onehot_ij, which the op already returns as its second output.
        TensorFlow.registerCustomGradient("SparseSoftmaxCrossEntropyWithLogits", (tf, op, grads) -> {
            Operand<?> backprop = op.output(1);
            Operand<?> dLoss = grads.get(0);
            Operand<?> dLogits = tf.math.mul(Tensor.u(backprop), Tensor.u(tf.expandDims(Tensor.u(dLoss), tf.constant(-1))));
            return List.of(dLogits, zerosLike(tf, op.input(1)));
        });
    }

    private static Operand<?> zerosLike(Ops tf, Operand<?> o) {
        return tf.zerosLike(Tensor.u(o));
    }
}
