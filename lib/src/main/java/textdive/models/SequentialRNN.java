package textdive.models;

import java.util.List;
import textdive.nn.Module;
import textdive.nn.Tensor;

/**
 * fastai's {@code SequentialRNN}: modules applied one after the other (an encoder, then a decoder or
 * a classifier head), and {@link #reset()} reaches every one of them so that {@code ModelResetter}
 * zeroes the encoder's hidden state.
 */
public class SequentialRNN extends Module {
    final List<Module> layers;

    public SequentialRNN(Module... layers) {
        if (layers.length == 0) throw new IllegalArgumentException("SequentialRNN needs at least one module");
        this.layers = List.of(layers);
    }

    public Module get(int i) {
        return layers.get(i);
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.apply(x);
        return x;
    }
}
