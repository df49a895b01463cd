package textdive.nn;

import java.util.Arrays;

/**
 * A trainable tensor. Its values live in a TensorFlow resource variable once a model has been
 * attached to an {@link Engine}; before that (and as the initial value) they live on the host.
 * Two modules holding the same {@code Parameter} share one variable (weight tying).
 */
public final class Parameter {
    private final long[] shape;
    private double[] host;
    private Engine engine;
    private boolean weightDecay = true;
    private boolean trainable = true;
    private String name = "param";

    public Parameter(double[] values, long... shape) {
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) n *= d;
        if (values.length != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }
        this.host = values.clone();
    }

    public static Parameter zeros(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return new Parameter(new double[Math.toIntExact(n)], shape);
    }

    public long[] shape() {
        return shape.clone();
    }

    public int numel() {
        return host != null ? host.length : (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** The value inside the graph under construction (one variable read per graph). */
    public Tensor value() {
        return Build.current().read(this);
    }

    /** A copy of the current values (from the variable once training has started). */
    public double[] data() {
        return engine != null ? engine.read(this) : host.clone();
    }

    /** Overwrites the values (in the variable if there is one). */
    public void set(double[] values) {
        if (values.length != numel()) {
            throw new IllegalArgumentException(name + ": expected " + numel() + " values, got " + values.length);
        }
        if (engine != null) engine.write(this, values);
        else host = values.clone();
    }

    /** fastai does not decay biases (wd_bn_bias=False); layers switch it off for theirs. */
    public boolean weightDecay() {
        return weightDecay;
    }

    public Parameter weightDecay(boolean on) {
        this.weightDecay = on;
        return this;
    }

    /**
     * A buffer: state the model keeps and saves but the optimizer never touches (PyTorch's {@code register_buffer},
     * e.g. BatchNorm's running statistics). {@link Module#parameters()} leaves it out, {@link Module#buffers()} has it.
     */
    public static Parameter buffer(double[] values, long... shape) {
        Parameter p = new Parameter(values, shape);
        p.trainable = false;
        p.weightDecay = false;
        return p;
    }

    public boolean trainable() {
        return trainable;
    }

    public String name() {
        return name;
    }

    void name(String name) {
        this.name = name;
    }

    double[] hostValues() {
        return host;
    }

    Engine engine() {
        return engine;
    }

    void attach(Engine e) {
        if (engine != null && engine != e) {
            throw new IllegalStateException(name + " already belongs to another model's engine; build a new model instead of sharing parameters between learners");
        }
        engine = e;
    }

    void detachFrom(Engine e, double[] finalValues) {
        if (engine == e) {
            engine = null;
            host = finalValues;
        }
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + Arrays.toString(shape);
    }
}
