package textdive.models;

import static textdive.nn.F.relu;

import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Tensor;

/** Keeps the hidden state between batches (detached: truncated backpropagation through time). */
public class LMModel3 extends Module {
    Embedding iH;
    Linear hH;
    Linear hO;
    Hidden h;

    public LMModel3(int vocabSz, int nHidden, int bs) {
        iH = new Embedding(vocabSz, nHidden);
        hH = new Linear(nHidden, nHidden);
        hO = new Linear(nHidden, vocabSz);
        h = new Hidden(bs, nHidden);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor state = h.value();
        for (int i = 0; i < 3; i++) {
            state = state.add(iH.apply(x.col(i)));
            state = relu(hH.apply(state));
        }
        Tensor out = hO.apply(state);
        h.set(state);
        return out;
    }
}
