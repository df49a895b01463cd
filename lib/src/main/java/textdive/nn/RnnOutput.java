package textdive.nn;

/**
 * What a recurrent layer returns: the last layer's output at every step (bs, sl, hidden) and the
 * final state of every layer (nLayers, bs, hidden); {@code c} is the LSTM cell state (null otherwise).
 */
public record RnnOutput(Tensor output, Tensor h, Tensor c) {
}
