package textdive.models;

import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.LSTM;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.RnnOutput;
import textdive.nn.Tensor;

/** A multilayer LSTM: the cell state lets gradients flow over many steps. */
public class LMModel6 extends Module {
    Embedding iH;
    LSTM rnn;
    Linear hO;
    Hidden h;
    Hidden c;

    public LMModel6(int vocabSz, int nHidden, int nLayers, int bs) {
        iH = new Embedding(vocabSz, nHidden);
        rnn = new LSTM(nHidden, nHidden, nLayers);
        hO = new Linear(nHidden, vocabSz);
        h = new Hidden(nLayers, bs, nHidden);
        c = new Hidden(nLayers, bs, nHidden);
    }

    @Override
    public Tensor forward(Tensor x) {
        RnnOutput res = rnn.apply(iH.apply(x), h.value(), c.value());
        h.set(res.h());
        c.set(res.c());
        return hO.apply(res.output());
    }
}
