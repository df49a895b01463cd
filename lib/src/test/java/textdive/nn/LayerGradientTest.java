package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** Finite-difference checks (float64) of every layer's gradients, through a weighted-sum loss. */
class LayerGradientTest {
    @BeforeEach
    void seed() {
        Rng.seed(7);
    }

    /** sum(out * fixed random weights): every output element gets a distinct upstream gradient. */
    private static Tensor weightedSum(Build b, Tensor out) {
        int n = (int) Arrays.stream(out.shape()).reduce(1, (a, b2) -> a * b2);
        double[] w = GradCheck.randn(n, 99);
        Tensor wt = b.wrap(b.tf().reshape(b.tf().constant(w), b.tf().constant(out.shape())));
        return out.mul(wt).sum();
    }

    @Test
    void linear() {
        Linear lin = new Linear(3, 4);
        GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(6, 1)),
                b -> weightedSum(b, lin.apply(b.input("x", TFloat64.class, 2, 3).relu())));
    }

    @Test
    void linearOnSequences() {
        Linear lin = new Linear(3, 2);
        GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(12, 2)),
                b -> weightedSum(b, lin.apply(b.input("x", TFloat64.class, 2, 2, 3))));
    }

    @Test
    void embeddingWithRepeatedIds() {
        Embedding emb = new Embedding(5, 3);
        GradCheck.check(emb.parameters(), Map.of("x", new int[] {1, 3, 1, 4}),
                b -> weightedSum(b, emb.apply(b.input("x", TInt32.class, 4))));
    }

    @Test
    void tiedEmbeddingAndLinearShareOneGradient() {
        Embedding emb = new Embedding(5, 3);
        Linear out = new Linear(3, 5);
        out.weight = emb.weight;
        List<Parameter> ps = new ArrayList<>(List.of(emb.weight, out.bias));
        GradCheck.check(ps, Map.of("x", new int[] {0, 2, 2}),
                b -> weightedSum(b, out.apply(emb.apply(b.input("x", TInt32.class, 3)).tanh())));
    }

    @Test
    void rnnTwoLayers() {
        RNN rnn = new RNN(3, 4, 2);
        GradCheck.check(rnn.parameters(), Map.of("x", GradCheck.randn(2 * 3 * 3, 3), "h", GradCheck.randn(2 * 2 * 4, 4)), b -> {
            RnnOutput o = rnn.apply(b.input("x", TFloat64.class, 2, 3, 3), b.input("h", TFloat64.class, 2, 2, 4));
            return weightedSum(b, o.output()).add(weightedSum(b, o.h()));
        });
    }

    @Test
    void lstmTwoLayers() {
        LSTM lstm = new LSTM(3, 4, 2);
        GradCheck.check(lstm.parameters(), Map.of("x", GradCheck.randn(2 * 3 * 3, 5), "h", GradCheck.randn(16, 6), "c", GradCheck.randn(16, 7)), b -> {
            RnnOutput o = lstm.apply(b.input("x", TFloat64.class, 2, 3, 3), b.input("h", TFloat64.class, 2, 2, 4), b.input("c", TFloat64.class, 2, 2, 4));
            return weightedSum(b, o.output()).add(weightedSum(b, o.c()));
        });
    }

    @Test
    void gruTwoLayers() {
        GRU gru = new GRU(3, 4, 2);
        GradCheck.check(gru.parameters(), Map.of("x", GradCheck.randn(2 * 3 * 3, 8), "h", GradCheck.randn(16, 9)), b -> {
            RnnOutput o = gru.apply(b.input("x", TFloat64.class, 2, 3, 3), b.input("h", TFloat64.class, 2, 2, 4));
            return weightedSum(b, o.output()).add(weightedSum(b, o.h()));
        });
    }

    @Test
    void lstmCell() {
        LSTMCell cell = new LSTMCell(3, 2);
        GradCheck.check(cell.parameters(), Map.of("x", GradCheck.randn(6, 10), "h", GradCheck.randn(4, 11), "c", GradCheck.randn(4, 12)), b -> {
            var s = cell.apply(b.input("x", TFloat64.class, 2, 3), new LSTMCell.State(b.input("h", TFloat64.class, 2, 2), b.input("c", TFloat64.class, 2, 2)));
            return weightedSum(b, s.h()).add(weightedSum(b, s.c()));
        });
    }

    @Test
    void crossEntropyFlatOnSequenceLogits() {
        Linear lin = new Linear(3, 5);
        var loss = Losses.crossEntropyFlat();
        GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(2 * 3 * 3, 13), "y", NdArrays.wrap(Shape.of(2, 3), DataBuffers.of(0, 4, 2, 2, 1, 3))),
                b -> loss.apply(lin.apply(b.input("x", TFloat64.class, 2, 3, 3)), b.input("y", TInt32.class, 2, 3)));
    }

    @Test
    void crossEntropyScaledAndAddedToAnotherTermGetsItsOwnShareOfTheGradient() {
        // Losses.crossEntropy writes its backward by hand: its seed (here 2.5) must reach the logits scaled by 1 / N,
        // and the other term's gradient must still add to the same parameters
        Linear lin = new Linear(3, 4);
        GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(5 * 3, 17), "y", NdArrays.wrap(Shape.of(5), DataBuffers.of(0, 3, 1, 2, 3))),
                b -> {
                    Tensor out = lin.apply(b.input("x", TFloat64.class, 5, 3));
                    return Losses.crossEntropy(out, b.input("y", TInt32.class, 5)).mul(2.5).add(out.mul(out).mean());
                });
    }

    @Test
    void tensorOpsChunkCatStackTransposeMean() {
        Linear lin = new Linear(4, 4);
        GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(8, 14)), b -> {
            Tensor y = lin.apply(b.input("x", TFloat64.class, 2, 4));
            List<Tensor> parts = y.chunk(2, 1);
            Tensor z = Tensor.cat(List.of(parts.get(1).exp(), parts.get(0).sigmoid()), 1);
            Tensor s = Tensor.stack(List.of(z, y.square()), 0).transpose(1, 2);
            return weightedSum(b, s.view(4, 4)).add(y.add(3).log().mean()).add(y.col(2).mean());
        });
    }

    @Test
    void detachStopsTheGradient() {
        Linear lin = new Linear(2, 2);
        double worst = GradCheck.check(lin.parameters(), Map.of("x", GradCheck.randn(4, 15)), b -> {
            Tensor y = lin.apply(b.input("x", TFloat64.class, 2, 2));
            return y.sum().add(y.detach().square().sum().mul(0));
        });
        assertTrue(worst < 1e-5);
    }
}
