package textdive.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Index;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TIntegral;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * A value in the TensorFlow graph under construction, with the PyTorch operations the book uses
 * ({@code add}, {@code matmul}, {@code chunk}, {@code view}, {@code col}, {@code detach}, ...).
 * Shapes are static: every graph is built for one batch shape. A model returning several values
 * (LMModel7's logits, raw and dropped outputs) returns a {@link #tuple}.
 */
public final class Tensor {
    private final Build b;
    private final Operand<?> op;
    private final List<Tensor> parts;

    Tensor(Build b, Operand<?> op) {
        this(b, op, List.of());
    }

    private Tensor(Build b, Operand<?> op, List<Tensor> parts) {
        this.b = b;
        this.op = op;
        this.parts = parts;
    }

    /** Several outputs of one model; the tuple itself behaves as its first element. */
    public static Tensor tuple(Tensor first, Tensor... rest) {
        List<Tensor> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return new Tensor(first.b, first.op, List.copyOf(all));
    }

    /** Element {@code i} of a tuple (element 0 of a plain tensor is itself). */
    public Tensor part(int i) {
        if (parts.isEmpty() && i == 0) return this;
        if (i >= parts.size()) throw new IndexOutOfBoundsException("the model output has " + Math.max(1, parts.size()) + " parts, not " + (i + 1));
        return parts.get(i);
    }

    public int numParts() {
        return Math.max(1, parts.size());
    }

    Operand<?> operand() {
        return op;
    }

    Build build() {
        return b;
    }

    /** The static shape, as PyTorch's {@code x.shape} (a copy). */
    public long[] shape() {
        return op.shape().asArray();
    }

    /** The shape as text, {@code [2, 5, 3]}. */
    public String shapeString() {
        return Arrays.toString(shape());
    }

    public long size(int dim) {
        return op.shape().get(axis(dim));
    }

    public int dim() {
        return op.shape().numDimensions();
    }

    /** Integer values (token or class ids). */
    public boolean isIntegral() {
        return TIntegral.class.isAssignableFrom(op.type());
    }

    /** Floating-point values (activations, weights). */
    public boolean isFloating() {
        return TFloating.class.isAssignableFrom(op.type());
    }

    // ---- element-wise arithmetic ----

    public Tensor add(Tensor o) {
        checkBroadcast("add", o);
        return wrap(tf().math.add(u(op), u(o.op)));
    }

    /** {@code this + bias} with a 1-d bias over the last dimension (TensorFlow's BiasAdd). */
    public Tensor biasAdd(Tensor bias) {
        if (dim() < 2 || bias.dim() != 1 || bias.size(0) != size(-1)) throw new IllegalArgumentException("biasAdd expects (..., C) and (C), got " + shapeString() + " and " + bias.shapeString());
        return wrap(tf().nn.biasAdd(u(op), u(bias.op)));
    }

    public Tensor add(double v) {
        return wrap(tf().math.add(u(op), u(b.constant(v, this))));
    }

    public Tensor sub(Tensor o) {
        checkBroadcast("sub", o);
        return wrap(tf().math.sub(u(op), u(o.op)));
    }

    public Tensor sub(double v) {
        return add(-v);
    }

    public Tensor mul(Tensor o) {
        checkBroadcast("mul", o);
        return wrap(tf().math.mul(u(op), u(o.op)));
    }

    public Tensor mul(double v) {
        return wrap(tf().math.mul(u(op), u(b.constant(v, this))));
    }

    public Tensor div(Tensor o) {
        checkBroadcast("div", o);
        return wrap(tf().math.div(u(op), u(o.op)));
    }

    public Tensor div(double v) {
        return mul(1.0 / v);
    }

    /** The element-wise maximum of two tensors (broadcasting). */
    public Tensor maximum(Tensor o) {
        checkBroadcast("maximum", o);
        return wrap(tf().math.maximum(n(op), n(o.op)));
    }

    /** 1 where equal to the integer {@code value} (token ids: {@code x.eq(padIdx)}), 0 elsewhere, in the model's float type. */
    public Tensor eq(int value) {
        return eq(wrap(b.constant(value, this)));
    }

    public Tensor neg() {
        return wrap(tf().math.neg(u(op)));
    }

    public Tensor square() {
        return wrap(tf().math.square(u(op)));
    }

    public Tensor pow(int k) {
        if (k == 2) return square();
        return wrap(tf().math.pow(u(op), u(b.constant(k, this))));
    }

    public Tensor sqrt() {
        return wrap(tf().math.sqrt(u(op)));
    }

    public Tensor exp() {
        return wrap(tf().math.exp(u(op)));
    }

    public Tensor log() {
        return wrap(tf().math.log(u(op)));
    }

    public Tensor relu() {
        return wrap(tf().nn.relu(u(op)));
    }

    public Tensor sigmoid() {
        return wrap(tf().math.sigmoid(u(op)));
    }

    public Tensor tanh() {
        return wrap(tf().math.tanh(u(op)));
    }

    /** Matrix product; a (..., k) input times a (k, n) matrix keeps the leading dimensions. */
    public Tensor matmul(Tensor w) {
        return matmul(w, false);
    }

    /** {@code x @ w.T} without materialising the transpose (how {@code Linear} stores its weight). */
    public Tensor matmulT(Tensor w) {
        return matmul(w, true);
    }

    /** {@code this^T @ other} for two 2-d tensors, without materialising the transpose (weight gradients: {@code dY^T X}). */
    public Tensor transposeMatmul(Tensor other) {
        if (dim() != 2 || other.dim() != 2) throw new IllegalArgumentException("transposeMatmul expects 2-d operands, got " + shapeString() + " and " + other.shapeString());
        if (size(0) != other.size(0)) throw new IllegalArgumentException("transposeMatmul shapes do not match: T" + shapeString() + " @ " + other.shapeString());
        return wrap(tf().linalg.matMul(u(op), u(other.op), MatMul.transposeA(true)));
    }

    private Tensor matmul(Tensor w, boolean transposeW) {
        if (w.dim() != 2) throw new IllegalArgumentException("matmul expects a 2-d right operand, got " + w.shapeString());
        long k = transposeW ? w.size(1) : w.size(0);
        long n = transposeW ? w.size(0) : w.size(1);
        if (size(-1) != k) {
            throw new IllegalArgumentException("matmul shapes do not match: " + shapeString() + " @ " + (transposeW ? "T" : "") + w.shapeString());
        }
        if (dim() == 2) {
            return wrap(tf().linalg.matMul(u(op), u(w.op), MatMul.transposeB(transposeW)));
        }
        long[] lead = Arrays.copyOf(shape(), dim() - 1);
        Tensor flat = view(-1, k);
        Tensor out = wrap(tf().linalg.matMul(u(flat.op), u(w.op), MatMul.transposeB(transposeW)));
        long[] outShape = Arrays.copyOf(lead, lead.length + 1);
        outShape[lead.length] = n;
        return out.view(outShape);
    }

    // ---- reductions ----

    public Tensor mean() {
        return wrap(tf().math.mean(u(op), allAxes()));
    }

    public Tensor mean(int dim, boolean keepDim) {
        return wrap(tf().math.mean(u(op), tf().constant(axis(dim)), Mean.keepDims(keepDim)));
    }

    public Tensor sum() {
        return wrap(tf().sum(u(op), allAxes()));
    }

    public Tensor sum(int dim, boolean keepDim) {
        return wrap(tf().sum(u(op), tf().constant(axis(dim)), Sum.keepDims(keepDim)));
    }

    /** Index of the largest value along {@code dim} (int32). */
    public Tensor argmax(int dim) {
        return wrap(tf().math.argMax(u(op), tf().constant(axis(dim)), TInt32.class));
    }

    /** 1 where equal, 0 elsewhere, in the model's float type. */
    public Tensor eq(Tensor o) {
        return wrap(tf().dtypes.cast(tf().math.equal(u(op), u(o.op)), b.dtype()));
    }

    /** Converts to the model's float type (e.g. token ids for arithmetic). */
    public Tensor toFloat() {
        return wrap(tf().dtypes.cast(op, b.dtype()));
    }

    /** Converts to int32 (indices computed in float arithmetic), rounding toward zero. */
    public Tensor toInt() {
        return wrap(tf().dtypes.cast(op, TInt32.class));
    }

    /** The largest value along {@code dim}. */
    public Tensor max(int dim, boolean keepDim) {
        return wrap(tf().max(u(op), tf().constant(axis(dim)), Max.keepDims(keepDim)));
    }

    /**
     * PyTorch's {@code masked_fill}: {@code value} where {@code mask} (same shape or broadcastable, 1 = fill, 0 = keep)
     * is set, this tensor elsewhere; the gradient reaches only the kept elements.
     */
    public Tensor maskedFill(Tensor mask, double value) {
        checkBroadcast("maskedFill", mask);
        var cond = tf().math.greater(n(mask.op), n(b.constant(0.5, mask)));
        return wrap(tf().select(cond, u(b.constant(value, this)), u(op)));
    }

    /** One-hot rows (indices (n) of int32 -> (n, depth)) in the model's float type. */
    public Tensor oneHot(int depth) {
        if (!isIntegral()) throw new IllegalArgumentException("oneHot needs integer indices, got " + this);
        return wrap(tf().oneHot(n(op), tf().constant(depth), u(b.constant(1.0, null)), u(b.constant(0.0, null))));
    }

    // ---- shapes and indexing ----

    /** Reshape; one dimension may be -1. */
    public Tensor view(long... shape) {
        long known = 1;
        int unknown = 0;
        for (long d : shape) {
            if (d == -1) unknown++;
            else if (d < 0) throw new IllegalArgumentException("view " + Arrays.toString(shape) + ": sizes must be >= 0 or one -1");
            else known *= d;
        }
        long n = op.shape().size();
        if (unknown > 1 || (n >= 0 && (unknown == 0 ? known != n : known == 0 || n % known != 0))) {
            throw new IllegalArgumentException("cannot view " + shapeString() + " (" + n + " elements) as " + Arrays.toString(shape));
        }
        return wrap(tf().reshape(u(op), tf().constant(shape)));
    }

    public Tensor reshape(long... shape) {
        return view(shape);
    }

    public Tensor transpose(int d0, int d1) {
        int[] perm = new int[dim()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[axis(d0)] = axis(d1);
        perm[axis(d1)] = axis(d0);
        return permute(perm);
    }

    public Tensor permute(int... perm) {
        if (perm.length != dim()) throw new IllegalArgumentException("permute of a " + dim() + "-d tensor " + shapeString() + " needs " + dim() + " dimensions, got " + Arrays.toString(perm));
        return wrap(tf().linalg.transpose(u(op), tf().constant(perm)));
    }

    /** {@code x[:, i]}: column {@code i} of a batch (the i-th token of every sequence). */
    public Tensor col(long i) {
        return select(1, i);
    }

    /** Removes dimension {@code dim} by taking index {@code i} along it. */
    public Tensor select(int dim, long i) {
        Index[] idx = new Index[axis(dim) + 1];
        for (int k = 0; k < idx.length - 1; k++) idx[k] = Indices.all();
        long n = size(dim);
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("index " + i + " out of range for dimension " + dim + " of size " + n);
        idx[idx.length - 1] = Indices.at(i < 0 ? i + n : i);
        return wrap(tf().stridedSlice(u(op), idx));
    }

    /** {@code x[..., start:end, ...]} along {@code dim}. */
    public Tensor slice(int dim, long start, long end) {
        int a = axis(dim);
        long n = size(dim);
        if (start < 0) start += n;
        if (end < 0) end += n;
        if (start < 0 || end > n || start > end) throw new IndexOutOfBoundsException("slice " + start + ":" + end + " of dimension of size " + n);
        int[] begin = new int[dim()];
        int[] size = new int[dim()];
        for (int i = 0; i < size.length; i++) size[i] = (int) size(i);
        begin[a] = (int) start;
        size[a] = (int) (end - start);
        return wrap(tf().slice(u(op), tf().constant(begin), tf().constant(size)));
    }

    /** Splits into {@code n} equal pieces along {@code dim} (the LSTM cell's four gates). */
    public List<Tensor> chunk(int n, int dim) {
        if (n <= 0) throw new IllegalArgumentException("chunk needs a positive number of parts, got " + n);
        long d = size(dim);
        if (d % n != 0) throw new IllegalArgumentException("cannot chunk a dimension of size " + d + " into " + n + " equal parts");
        var split = tf().split(tf().constant(axis(dim)), u(op), (long) n);
        List<Tensor> out = new ArrayList<>();
        for (var o : split.output()) out.add(wrap(o));
        return out;
    }

    /** Splits into its slices along {@code dim} (PyTorch {@code unbind}). */
    public List<Tensor> unbind(int dim) {
        var un = tf().unstack(u(op), size(dim), Unstack.axis((long) axis(dim)));
        List<Tensor> out = new ArrayList<>();
        for (var o : un.output()) out.add(wrap(o));
        return out;
    }

    public Tensor unsqueeze(int dim) {
        int a = dim < 0 ? dim + dim() + 1 : dim;
        return wrap(tf().expandDims(u(op), tf().constant(a)));
    }

    /** Same values, no gradient: the graph is cut here (PyTorch {@code detach}). */
    public Tensor detach() {
        return wrap(tf().stopGradient(u(op)));
    }

    public static Tensor cat(List<Tensor> ts, int dim) {
        checkSameShapes("cat", ts, dim);
        Tensor t0 = ts.get(0);
        List<Operand<TType>> ops = new ArrayList<>();
        for (Tensor t : ts) ops.add(u(t.op));
        return t0.wrap(t0.tf().concat(ops, t0.tf().constant(t0.axis(dim))));
    }

    public static Tensor stack(List<Tensor> ts, int dim) {
        checkSameShapes("stack", ts, Integer.MIN_VALUE);
        Tensor t0 = ts.get(0);
        List<Operand<TType>> ops = new ArrayList<>();
        for (Tensor t : ts) ops.add(u(t.op));
        int a = dim < 0 ? dim + t0.dim() + 1 : dim;
        return t0.wrap(t0.tf().stack(ops, Stack.axis((long) a)));
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + " " + op.type().getSimpleName().substring(1).toLowerCase();
    }

    // ---- plumbing ----

    /** PyTorch's broadcasting rule on the static shapes: aligned from the right, sizes equal or one of them 1. */
    private void checkBroadcast(String what, Tensor o) {
        long[] a = shape();
        long[] c = o.shape();
        if (a == null || c == null) return;
        for (int i = 1; i <= Math.min(a.length, c.length); i++) {
            long x = a[a.length - i];
            long y = c[c.length - i];
            if (x != y && x != 1 && y != 1 && x >= 0 && y >= 0) {
                throw new IllegalArgumentException(what + ": shapes " + shapeString() + " and " + o.shapeString() + " do not broadcast (dimension " + (-i) + ": " + x + " vs " + y + ")");
            }
        }
    }

    /** {@code cat} needs equal shapes except along {@code dim}; {@code stack} (dim = MIN_VALUE) equal shapes. */
    private static void checkSameShapes(String what, List<Tensor> ts, int dim) {
        if (ts == null || ts.isEmpty()) throw new IllegalArgumentException(what + " needs at least one tensor");
        Tensor t0 = ts.get(0);
        int skip = dim == Integer.MIN_VALUE ? -1 : t0.axis(dim);
        for (Tensor t : ts) {
            boolean ok = t.dim() == t0.dim();
            for (int i = 0; ok && i < t0.dim(); i++) ok = i == skip || t.size(i) == t0.size(i);
            if (!ok) {
                throw new IllegalArgumentException(what + (skip >= 0 ? " along dimension " + dim : "") + ": shapes " + t0.shapeString() + " and " + t.shapeString()
                        + (skip >= 0 ? " differ in another dimension" : " differ"));
            }
        }
    }

    Tensor wrap(Operand<?> o) {
        return new Tensor(b, o);
    }

    private Ops tf() {
        return b.tf();
    }

    private int axis(int dim) {
        int n = dim();
        int a = dim < 0 ? dim + n : dim;
        if (a < 0 || a >= n) throw new IndexOutOfBoundsException("dimension " + dim + " out of range for a " + n + "-d tensor " + shapeString());
        return a;
    }

    private Operand<TInt32> allAxes() {
        int[] axes = new int[dim()];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        return tf().constant(axes);
    }

    @SuppressWarnings("unchecked")
    static <T extends TType> Operand<T> u(Operand<?> o) {
        return (Operand<T>) o;
    }

    @SuppressWarnings("unchecked")
    static <T extends TNumber> Operand<T> n(Operand<?> o) {
        return (Operand<T>) o;
    }
}
