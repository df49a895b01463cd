package textdive.learn;

import textdive.data.Batch;
import textdive.nn.Tensor;

/**
 * Hooks into the training loop (fastai's callbacks). The host events run around batches and
 * epochs; {@link #afterLoss} runs once, while the training graph is built, and may add terms
 * to the loss that is differentiated.
 */
public interface Callback {
    default void beforeFit(Learner learn) {
    }

    default void beforeTrain(Learner learn) {
    }

    /** Before a batch is trained on or evaluated; returns the batch to use (the same one, or a part of it). */
    default Batch beforeBatch(Learner learn, Batch b) {
        return b;
    }

    default void afterBatch(Learner learn) {
    }

    default void beforeValidate(Learner learn) {
    }

    default void afterEpoch(Learner learn) {
    }

    default void afterFit(Learner learn) {
    }

    /** The loss to differentiate, given the loss and the model output; called while building the training graph. */
    default Tensor afterLoss(Tensor lossGrad, Tensor pred) {
        return lossGrad;
    }
}
