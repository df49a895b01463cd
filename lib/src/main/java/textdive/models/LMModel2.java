package textdive.models;

import static textdive.nn.F.relu;

import textdive.nn.Embedding;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Tensor;

/** LMModel1 written as a loop: our first recurrent neural network. */
public class LMModel2 extends Module {
    Embedding iH;
    Linear hH;
    Linear hO;

    public LMModel2(int vocabSz, int nHidden) {
        iH = new Embedding(vocabSz, nHidden);
        hH = new Linear(nHidden, nHidden);
        hO = new Linear(nHidden, vocabSz);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = null;
        for (int i = 0; i < 3; i++) {
            Tensor e = iH.apply(x.col(i));
            h = h == null ? e : h.add(e);
            h = relu(hH.apply(h));
        }
        return hO.apply(h);
    }
}
