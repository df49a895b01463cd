package textdive.nn;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/** Copies between host arrays and TensorFlow tensors (fetched tensors die with their Result). */
final class HostTensors {
    private HostTensors() {
    }

    static Tensor of(Class<? extends TType> dtype, long[] shape, double[] values) {
        Shape s = Shape.of(shape);
        if (values.length != s.size()) {
            throw new IllegalArgumentException("expected " + s.size() + " values for shape " + s + ", got " + values.length);
        }
        if (dtype == TFloat64.class) {
            return TFloat64.tensorOf(s, DataBuffers.of(values, true, false));
        }
        if (dtype == TFloat32.class) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return TFloat32.tensorOf(s, DataBuffers.of(f, true, false));
        }
        throw new IllegalArgumentException("unsupported float type " + dtype.getSimpleName());
    }

    static Tensor scalar(Class<? extends TType> dtype, double v) {
        return dtype == TFloat64.class ? TFloat64.scalarOf(v) : TFloat32.scalarOf((float) v);
    }

    static double[] toDoubles(Tensor t) {
        int n = (int) t.shape().size();
        double[] out = new double[n];
        if (t instanceof TFloat64 d) {
            d.copyTo(DataBuffers.of(out, false, false));
        } else if (t instanceof TFloat32 f) {
            float[] tmp = new float[n];
            f.copyTo(DataBuffers.of(tmp, false, false));
            for (int i = 0; i < n; i++) out[i] = tmp[i];
        } else if (t instanceof TInt32 i32) {
            int[] tmp = new int[n];
            i32.copyTo(DataBuffers.of(tmp, false, false));
            for (int i = 0; i < n; i++) out[i] = tmp[i];
        } else if (t instanceof TInt64 i64) {
            long[] tmp = new long[n];
            i64.copyTo(DataBuffers.of(tmp, false, false));
            for (int i = 0; i < n; i++) out[i] = tmp[i];
        } else {
            throw new IllegalArgumentException("cannot copy a " + t.dataType() + " tensor to the host");
        }
        return out;
    }
}
