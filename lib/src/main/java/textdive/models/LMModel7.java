package textdive.models;

import textdive.nn.Dropout;
import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.LSTM;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.RnnOutput;
import textdive.nn.Tensor;

/**
 * LMModel6 plus dropout on the LSTM output and weight tying (the output layer reuses the embedding
 * matrix). Returns (logits, raw output, dropped output) for the {@code RNNRegularizer}.
 */
public class LMModel7 extends Module {
    Embedding iH;
    LSTM rnn;
    Dropout drop;
    Linear hO;
    Hidden h;
    Hidden c;

    public LMModel7(int vocabSz, int nHidden, int nLayers, double p, int bs) {
        iH = new Embedding(vocabSz, nHidden);
        rnn = new LSTM(nHidden, nHidden, nLayers);
        drop = new Dropout(p);
        hO = new Linear(nHidden, vocabSz);
        hO.weight = iH.weight;
        h = new Hidden(nLayers, bs, nHidden);
        c = new Hidden(nLayers, bs, nHidden);
    }

    @Override
    public Tensor forward(Tensor x) {
        RnnOutput res = rnn.apply(iH.apply(x), h.value(), c.value());
        Tensor raw = res.output();
        Tensor out = drop.apply(raw);
        h.set(res.h());
        c.set(res.c());
        return Tensor.tuple(hO.apply(out), raw, out);
    }
}
