package textdive.models;

import textdive.nn.Embedding;
import textdive.nn.Init;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.nn.RNNDropout;
import textdive.nn.Tensor;

/**
 * fastai's {@code LinearDecoder}: {@link RNNDropout} on the encoder's output, then a linear layer to
 * the vocabulary. Tying its weight to the encoder's embedding (one variable, two uses) halves the
 * largest part of the model and works better: a word's input and output vectors should agree.
 * Returns {@code Tensor.tuple(logits, input, droppedInput)}: {@code RNNRegularizer} applies AR to the
 * dropped and TAR to the raw activations.
 */
public class LinearDecoder extends Module {
    public static final double INIT_RANGE = 0.1;

    final RNNDropout outputDp;
    public final Linear decoder;

    /** {@code tieEncoder} null: an own weight, U(-0.1, 0.1); the bias (if any) starts at zero. */
    public LinearDecoder(int nOut, int nHid, double outputP, Embedding tieEncoder, boolean bias) {
        // construction order follows fastai's, so that Rng.seed gives PyTorch's initial weights
        decoder = new Linear(nHid, nOut, bias);
        decoder.weight = Init.uniform(INIT_RANGE, nOut, nHid);
        outputDp = new RNNDropout(outputP);
        if (bias) decoder.bias = Parameter.zeros(nOut).weightDecay(false);
        if (tieEncoder != null) {
            long[] s = tieEncoder.weight.shape();
            if (s[0] != nOut || s[1] != nHid) {
                throw new IllegalArgumentException("cannot tie a (" + nOut + ", " + nHid + ") decoder to an embedding of shape (" + s[0] + ", " + s[1] + ")");
            }
            decoder.weight = tieEncoder.weight;
        }
    }

    /** input (bs, sl, nHid) -> (logits (bs, sl, nOut), input, dropped input). */
    @Override
    public Tensor forward(Tensor input) {
        Tensor dropped = outputDp.apply(input);
        return Tensor.tuple(decoder.apply(dropped), input, dropped);
    }
}
