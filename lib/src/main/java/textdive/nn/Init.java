package textdive.nn;

import java.util.SplittableRandom;

/** PyTorch's default initialisations, drawn from {@link Rng} so that a seed fixes them. */
public final class Init {
    private Init() {
    }

    /** U(-bound, bound) values for a tensor of the given shape. */
    public static Parameter uniform(double bound, long... shape) {
        SplittableRandom r = Rng.split();
        double[] v = new double[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (r.nextDouble() * 2 - 1) * bound;
        return new Parameter(v, shape);
    }

    /** N(0, std^2) values (PyTorch's {@code nn.Embedding} uses std 1). */
    public static Parameter normal(double std, long... shape) {
        SplittableRandom r = Rng.split();
        double[] v = new double[size(shape)];
        for (int i = 0; i < v.length; i += 2) {
            // Box-Muller: two independent normals per pair of uniforms
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            v[i] = std * rad * Math.cos(2 * Math.PI * u2);
            if (i + 1 < v.length) v[i + 1] = std * rad * Math.sin(2 * Math.PI * u2);
        }
        return new Parameter(v, shape);
    }

    static int size(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }
}
