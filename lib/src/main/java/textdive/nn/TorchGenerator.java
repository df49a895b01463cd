package textdive.nn;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * PyTorch's CPU random generator, so that {@code Rng.seed(s)} gives a model the same initial weights as
 * {@code torch.manual_seed(s)} gives the book's PyTorch model (for seeds 0 to 2^31 - 1): a Java run
 * and the book's run then start from the same point, and differ only by how they train.
 *
 * <p>It follows ATen's CPU kernels: a 32-bit MT19937 seeded with the seed; {@code uniform_} keeps the
 * low 24 bits of one draw per float; {@code normal_} on 16 or more floats draws all uniforms first and
 * turns each block of 16 into normals by Box-Muller (pairs {@code j, j+8}), redrawing the last 16 when
 * the size is not a multiple of 16; on fewer floats it draws doubles two at a time and keeps the
 * second normal for the next call.
 */
public final class TorchGenerator {
    private static final double TWO_TO_MINUS_24 = 1.0 / (1 << 24);
    private static final double TWO_TO_MINUS_53 = 1.0 / (1L << 53);

    private final MersenneTwister engine;
    private double cachedNormal = Double.NaN;

    public TorchGenerator(long seed) {
        engine = new MersenneTwister((int) seed);
    }

    private long random32() {
        return engine.nextInt() & 0xffffffffL;
    }

    private double uniform01Float() {
        return (random32() & 0xffffff) * TWO_TO_MINUS_24;
    }

    /** {@code tensor.uniform_(from, to)} on {@code n} float32 values. */
    public synchronized float[] uniform(double from, double to, int n) {
        float lo = (float) from;
        float width = (float) to - lo;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (uniform01Float() * width + lo);
        return out;
    }

    /** {@code tensor.normal_(mean, std)} on {@code n} float32 values. */
    public synchronized float[] normal(double mean, double std, int n) {
        float[] out = new float[n];
        if (n < 16) {
            for (int i = 0; i < n; i++) out[i] = (float) (serialNormal() * std + mean);
            return out;
        }
        for (int i = 0; i < n; i++) out[i] = (float) uniform01Float();
        for (int i = 0; i + 16 <= n; i += 16) boxMuller16(out, i, mean, std);
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) out[i] = (float) uniform01Float();
            boxMuller16(out, n - 16, mean, std);
        }
        return out;
    }

    private static void boxMuller16(float[] data, int at, double mean, double std) {
        for (int j = at; j < at + 8; j++) {
            float u1 = 1 - data[j];
            float u2 = data[j + 8];
            double radius = Math.sqrt(-2 * Math.log(u1));
            double theta = 2 * Math.PI * u2;
            data[j] = (float) (radius * Math.cos(theta) * std + mean);
            data[j + 8] = (float) (radius * Math.sin(theta) * std + mean);
        }
    }

    /** ATen's {@code normal_distribution<double>}: Box-Muller on 53-bit uniforms, the sine kept for the next call. */
    private double serialNormal() {
        if (!Double.isNaN(cachedNormal)) {
            double r = cachedNormal;
            cachedNormal = Double.NaN;
            return r;
        }
        double u1 = uniform01Double();
        double u2 = uniform01Double();
        double r = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = r * Math.sin(theta);
        return r * Math.cos(theta);
    }

    private double uniform01Double() {
        long hi = random32();
        long lo = random32();
        return (((hi << 32) | lo) & ((1L << 53) - 1)) * TWO_TO_MINUS_53;
    }
}
