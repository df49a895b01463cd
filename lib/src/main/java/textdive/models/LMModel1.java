package textdive.models;

import static textdive.nn.F.relu;

import textdive.nn.Embedding;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Tensor;

/** Chapter 12's first language model: predict the 4th word from 3, one hidden layer used three times. */
public class LMModel1 extends Module {
    Embedding iH;
    Linear hH;
    Linear hO;

    public LMModel1(int vocabSz, int nHidden) {
        iH = new Embedding(vocabSz, nHidden);
        hH = new Linear(nHidden, nHidden);
        hO = new Linear(nHidden, vocabSz);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = relu(hH.apply(iH.apply(x.col(0))));
        h = h.add(iH.apply(x.col(1)));
        h = relu(hH.apply(h));
        h = h.add(iH.apply(x.col(2)));
        h = relu(hH.apply(h));
        return hO.apply(h);
    }
}
