package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import textdive.nn.Engine;
import textdive.nn.F;

/** AR and TAR on notebook 07's worked example: one sequence of three words, two activations each. */
class RNNRegularizerTest {
    static final double[] RAW = {0.5, -1.0, 0.7, -0.6, 0.1, 0.2};
    static final double[] DROPPED = {1.0, 0.0, 1.4, -1.2, 0.0, 0.4};

    private static double penalty(double alpha, double beta) {
        RNNRegularizer r = new RNNRegularizer(alpha, beta);
        return Engine.evaluate(() -> List.of(r.penalty(F.tensor(RAW, 1, 3, 2), F.tensor(DROPPED, 1, 3, 2)))).get(0)[0];
    }

    @Test
    void arIsTheMeanSquareOfTheDroppedOutputTimesAlpha() {
        assertEquals(2 * 4.56 / 6, penalty(2, 0), 1e-6);
    }

    @Test
    void tarIsTheMeanSquareOfTheRawOutputsChangesTimesBeta() {
        assertEquals(1.2 / 4, penalty(0, 1), 1e-6);
    }

    @Test
    void theBooksAlphaAndBetaAddBoth() {
        assertEquals(1.52 + 0.30, penalty(2, 1), 1e-6);
    }
}
