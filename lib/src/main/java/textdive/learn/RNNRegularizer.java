package textdive.learn;

import textdive.nn.F;
import textdive.nn.Tensor;

/**
 * Activation regularization (AR: {@code alpha * mean(dropped^2)}) and temporal activation
 * regularization (TAR: {@code beta * mean((raw[:,1:] - raw[:,:-1])^2)}), added to the training loss
 * only. Expects the model to return {@code Tensor.tuple(logits, rawOutput, droppedOutput)}.
 *
 * <p>TAR needs two time steps, so it is skipped for sequences of one step. fastai tests {@code len(h) > 1}, which
 * with batch-first outputs is the batch size: it skips TAR for a batch of one sequence, and takes the mean of
 * nothing (NaN) for sequences of one step. Here the test is on the sequence length, what the check meant in fastai
 * 0.7's sequence-first {@code seq2seq_reg}.
 */
public class RNNRegularizer implements Callback {
    private final double alpha;
    private final double beta;

    public RNNRegularizer(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    @Override
    public Tensor afterLoss(Tensor lossGrad, Tensor pred) {
        if (pred.numParts() < 3) {
            throw new IllegalStateException("RNNRegularizer needs the model to return Tensor.tuple(output, raw, dropped), got " + pred.numParts() + " part(s)");
        }
        return lossGrad.add(penalty(pred.part(1), pred.part(2)));
    }

    /** The AR + TAR term for raw and dropped outputs of shape (bs, sl, hidden). */
    public Tensor penalty(Tensor raw, Tensor dropped) {
        Tensor p = null;
        if (alpha != 0) p = dropped.square().mean().mul(alpha);
        if (beta != 0 && raw.size(1) > 1) {
            long sl = raw.size(1);
            Tensor tar = raw.slice(1, 1, sl).sub(raw.slice(1, 0, sl - 1)).square().mean().mul(beta);
            p = p == null ? tar : p.add(tar);
        }
        return p == null ? F.zeros() : p;
    }
}
