package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.tensorflow.types.TFloat64;

/**
 * Finite-difference gradient check in float64: the gradients TensorFlow builds for a scalar loss
 * must match central differences of the loss for every parameter entry (or a sample of them).
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** {@code body} builds the scalar loss on the given build (declaring and reading its inputs from feeds). */
    public static double check(List<Parameter> params, Map<String, ?> feeds, Function<Build, Tensor> body) {
        try (Engine e = new Engine(TFloat64.class)) {
            Program p = e.program("check", true, b -> {
                Tensor loss = body.apply(b);
                if (loss.dim() != 0) throw new IllegalArgumentException("loss must be a scalar, got " + loss.shapeString());
                b.output("loss", loss);
                Map<Parameter, Tensor> gs = b.gradients(loss, params);
                int i = 0;
                for (Parameter q : params) b.output("g" + i++, gs.get(q));
            });
            Program.Outputs out = p.run(feeds);
            double worst = 0;
            double h = 1e-6;
            for (int i = 0; i < params.size(); i++) {
                Parameter q = params.get(i);
                double[] analytic = out.get("g" + i);
                double[] v = q.data();
                int step = Math.max(1, v.length / 40);
                for (int k = 0; k < v.length; k += step) {
                    double orig = v[k];
                    v[k] = orig + h;
                    q.set(v);
                    double lp = p.run(feeds).scalar("loss");
                    v[k] = orig - h;
                    q.set(v);
                    double lm = p.run(feeds).scalar("loss");
                    v[k] = orig;
                    q.set(v);
                    double numeric = (lp - lm) / (2 * h);
                    double err = Math.abs(numeric - analytic[k]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[k]));
                    worst = Math.max(worst, err);
                    assertTrue(err < 1e-5, q.name() + "[" + k + "]: analytic " + analytic[k] + " vs numeric " + numeric);
                }
            }
            return worst;
        }
    }

    public static double[] randn(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }
}
