package textdive.models;

import static textdive.nn.F.relu;
import static textdive.nn.F.stack;

import java.util.ArrayList;
import java.util.List;
import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.Linear;
import textdive.nn.Module;
import textdive.nn.Tensor;

/** Predicts the next word after every word of the sequence (more signal). */
public class LMModel4 extends Module {
    Embedding iH;
    Linear hH;
    Linear hO;
    Hidden h;

    public LMModel4(int vocabSz, int nHidden, int bs) {
        iH = new Embedding(vocabSz, nHidden);
        hH = new Linear(nHidden, nHidden);
        hO = new Linear(nHidden, vocabSz);
        h = new Hidden(bs, nHidden);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor state = h.value();
        List<Tensor> outs = new ArrayList<>();
        for (int i = 0; i < x.size(1); i++) {
            state = state.add(iH.apply(x.col(i)));
            state = relu(hH.apply(state));
            outs.add(hO.apply(state));
        }
        h.set(state);
        return stack(outs, 1);
    }
}
