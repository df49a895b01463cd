package textdive.models;

import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.RNN;
import textdive.nn.RnnOutput;
import textdive.nn.Tensor;

/** A multilayer RNN (PyTorch's {@code nn.RNN} with {@code nLayers} layers). */
public class LMModel5 extends Module {
    Embedding iH;
    RNN rnn;
    Linear hO;
    Hidden h;

    public LMModel5(int vocabSz, int nHidden, int nLayers, int bs) {
        iH = new Embedding(vocabSz, nHidden);
        rnn = new RNN(nHidden, nHidden, nLayers);
        hO = new Linear(nHidden, vocabSz);
        h = new Hidden(nLayers, bs, nHidden);
    }

    @Override
    public Tensor forward(Tensor x) {
        RnnOutput res = rnn.apply(iH.apply(x), h.value());
        h.set(res.h());
        return hO.apply(res.output());
    }
}
