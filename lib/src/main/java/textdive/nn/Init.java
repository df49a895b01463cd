package textdive.nn;

/** PyTorch's default initialisations, drawn from {@link Rng} so that a seed fixes them (the same values as PyTorch's for the same seed). */
public final class Init {
    private Init() {
    }

    /** U(-bound, bound) values for a tensor of the given shape ({@code init.uniform_}, {@code kaiming_uniform_}). */
    public static Parameter uniform(double bound, long... shape) {
        return new Parameter(toDouble(Rng.init().uniform(-bound, bound, size(shape))), shape);
    }

    /** N(0, std^2) values (PyTorch's {@code nn.Embedding} uses std 1). */
    public static Parameter normal(double std, long... shape) {
        return new Parameter(toDouble(Rng.init().normal(0, std, size(shape))), shape);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    static int size(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }
}
