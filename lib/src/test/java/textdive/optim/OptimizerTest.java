package textdive.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat64;
import textdive.nn.Engine;
import textdive.nn.Parameter;
import textdive.nn.Program;
import textdive.nn.Tensor;

/** One or two optimizer steps on loss = sum(c * p) (so the gradient is c) against values worked out by hand. */
class OptimizerTest {
    private static final double[] C = {0.5, 3.0};

    private static void steps(Optimizer opt, List<Parameter> ps, int n, Runnable beforeEach) {
        try (Engine e = new Engine(TFloat64.class)) {
            Program p = e.program("step", true, b -> {
                Tensor loss = null;
                for (Parameter q : ps) {
                    Tensor c = b.wrap(b.tf().constant(C));
                    Tensor term = q.value().mul(c).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                b.output("loss", loss);
                opt.build(b, b.gradients(loss, opt.trainable()));
            });
            for (int i = 0; i < n; i++) {
                beforeEach.run();
                p.run(new HashMap<>(opt.nextStepFeeds()));
            }
            for (Parameter q : ps) q.set(q.data());
            Map<Parameter, double[]> last = e.readAll(ps);
            for (Parameter q : ps) q.set(last.get(q));
        }
    }

    @Test
    void adamTwoStepsWithWeightDecayAndChangingMomentumMatchFastai() {
        Parameter w = new Parameter(new double[] {1.0, -2.0}, 2);
        Adam adam = new Adam(List.of(List.of(w)));
        adam.setWd(0.01);
        double[] moms = {0.9, 0.8};
        int[] k = {0};
        steps(adam, List.of(w), 2, () -> {
            adam.setLr(0.1);
            adam.setMom(moms[k[0]++]);
        });
        // by hand, fastai's formulas: p *= 1 - lr*wd; m = mom*m + (1-mom)*g; v = 0.99*v + 0.01*g^2;
        // p -= lr/(1-mom^t) * m / (sqrt(v/(1-0.99^t)) + 1e-5)
        double[] expected = new double[2];
        double[] p0 = {1.0, -2.0};
        for (int i = 0; i < 2; i++) {
            double g = C[i];
            double p = p0[i] * (1 - 0.1 * 0.01);
            double m = 0.1 * g;
            double v = 0.01 * g * g;
            p -= 0.1 / (1 - 0.9) * m / (Math.sqrt(v / (1 - 0.99)) + 1e-5);
            p *= 1 - 0.1 * 0.01;
            m = 0.8 * m + 0.2 * g;
            v = 0.99 * v + 0.01 * g * g;
            p -= 0.1 / (1 - 0.8 * 0.8) * m / (Math.sqrt(v / (1 - 0.99 * 0.99)) + 1e-5);
            expected[i] = p;
        }
        // the first step written out: 1*0.999 - 1.0*0.05/(0.5+1e-5) = 0.899002...
        assertEquals(0.999 - 0.05 / 0.50001, 1.0 * 0.999 - 0.1 / 0.1 * 0.05 / (Math.sqrt(0.0025 / 0.01) + 1e-5), 1e-15);
        assertArrayEquals(expected, w.data(), 1e-12);
        assertEquals(2, adam.groups().get(0).step());
    }

    @Test
    void biasesAreNotDecayed() {
        Parameter w = new Parameter(new double[] {1.0, -2.0}, 2);
        Parameter bias = new Parameter(new double[] {1.0, -2.0}, 2).weightDecay(false);
        SGD sgd = new SGD(List.of(List.of(w, bias)));
        sgd.setWd(0.5);
        steps(sgd, List.of(w, bias), 1, () -> sgd.setLr(0.1));
        assertArrayEquals(new double[] {1.0 * 0.95 - 0.05, -2.0 * 0.95 - 0.3}, w.data(), 1e-12);
        assertArrayEquals(new double[] {1.0 - 0.05, -2.0 - 0.3}, bias.data(), 1e-12);
    }

    @Test
    void sgdMomentumAccumulatesLikePytorch() {
        Parameter w = new Parameter(new double[] {1.0, -2.0}, 2);
        SGD sgd = new SGD(List.of(List.of(w)));
        steps(sgd, List.of(w), 2, () -> {
            sgd.setLr(0.1);
            sgd.setMom(0.9);
        });
        // avg1 = g, avg2 = 0.9 g + g = 1.9 g; p = p0 - 0.1 g - 0.19 g
        assertArrayEquals(new double[] {1.0 - 0.29 * 0.5, -2.0 - 0.29 * 3.0}, w.data(), 1e-12);
    }

    @Test
    void parameterGroupsGetTheirOwnLearningRateAndFrozenGroupsStay() {
        Parameter a = new Parameter(new double[] {0, 0}, 2);
        Parameter b = new Parameter(new double[] {0, 0}, 2);
        Parameter c = new Parameter(new double[] {0, 0}, 2);
        SGD sgd = new SGD(List.of(List.of(a), List.of(b), List.of(c)));
        sgd.freezeTo(1);
        steps(sgd, List.of(a, b, c), 1, () -> sgd.setLrs(1.0, 0.1, 0.01));
        assertArrayEquals(new double[] {0, 0}, a.data(), 0);
        assertArrayEquals(new double[] {-0.05, -0.3}, b.data(), 1e-12);
        assertArrayEquals(new double[] {-0.005, -0.03}, c.data(), 1e-12);
    }

    @Test
    void gradientClippingRescalesToTheMaximumGlobalNorm() {
        Parameter w = new Parameter(new double[] {0, 0}, 2);
        SGD sgd = new SGD(List.of(List.of(w)));
        sgd.clipGradNorm(1.0);
        steps(sgd, List.of(w), 1, () -> sgd.setLr(1.0));
        double norm = Math.hypot(0.5, 3.0);
        assertArrayEquals(new double[] {-0.5 / norm, -3.0 / norm}, w.data(), 1e-12);
    }
}
