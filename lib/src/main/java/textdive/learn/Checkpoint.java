package textdive.learn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import textdive.io.AtomicFiles;
import textdive.io.CorruptFileException;
import textdive.io.IoErrors;
import textdive.io.SectionFile;
import textdive.nn.Module;
import textdive.nn.Parameter;
import textdive.optim.Optimizer;
import textdive.optim.ParamGroup;

/**
 * What {@link Learner#save} writes and {@link Learner#load} reads: the model's weights and the
 * optimizer's state, as a {@link SectionFile} of kind {@value #KIND}, format {@value #VERSION}
 * (written atomically and durably, every byte checksummed). Sections:
 * <ul>
 *   <li>{@code optimizer}: the number of parameter groups (int32) and each group's step counter (int64, never
 *       negative);</li>
 *   <li>{@code tensor/<name>} for each tensor: rank (int32), dimensions (int64 each), float32 values.
 *       Names are {@code model.<parameter path>} and {@code opt.<group>.<param>.<slot>}; the optimizer's slots
 *       must be finite, and {@code sqr_avg} (Adam's second moment) not negative.</li>
 * </ul>
 * Hyper-parameters (learning rates, momentums) and the epoch are not stored: they come from the learner and
 * {@code fit}'s arguments. A checksummed file can be crafted, so the values above are checked when read.
 * More named sections (a vocab, the model's configuration, the training history) can be added
 * beside these with {@link #save(Path, Module, Optimizer, Map)}; {@link #load} ignores sections it
 * does not know, so older readers keep working. Nothing is changed unless the whole file checks out.
 */
final class Checkpoint {
    static final String KIND = "textdive-checkpoint";
    static final int VERSION = 2;
    static final String OPTIMIZER = "optimizer";
    static final String TENSOR = "tensor/";
    /** Tensors of higher rank are refused before allocating anything for their shape. */
    static final int MAX_RANK = 16;

    private Checkpoint() {
    }

    static void save(Path file, Module model, Optimizer opt) {
        save(file, model, opt, Map.of());
    }

    /** Writes the weights, the optimizer state and the {@code extra} sections (names must not start with {@value #TENSOR}). */
    static void save(Path file, Module model, Optimizer opt, Map<String, SectionFile.Body> extra) {
        Map<String, Parameter> all = tensors(model, opt);
        for (String name : extra.keySet()) {
            if (name.equals(OPTIMIZER) || name.startsWith(TENSOR)) throw new IllegalArgumentException("section name '" + name + "' is reserved");
        }
        try {
            SectionFile.write(file, KIND, VERSION, w -> {
                w.section(OPTIMIZER, out -> {
                    out.writeInt(opt.groups().size());
                    for (ParamGroup g : opt.groups()) out.writeLong(g.step());
                });
                for (var e : all.entrySet()) {
                    w.section(TENSOR + e.getKey(), out -> {
                        long[] shape = e.getValue().shape();
                        out.writeInt(shape.length);
                        for (long d : shape) out.writeLong(d);
                        for (double v : e.getValue().data()) out.writeFloat((float) v);
                    });
                }
                for (var e : extra.entrySet()) w.section(e.getKey(), e.getValue());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not save checkpoint " + file + ": " + IoErrors.describe(e), e);
        }
    }

    static void load(Path file, Module model, Optimizer opt) {
        load(file, model, opt, r -> { });
    }

    /** Reads the sections a file may hold beside the tensors; may refuse the file (before anything is changed). */
    @FunctionalInterface
    interface Extra {
        void read(SectionFile.Reader r) throws IOException;
    }

    /** As {@link #load(Path, Module, Optimizer)}; {@code extra} sees the file's other sections first and may refuse it. */
    static void load(Path file, Module model, Optimizer opt, Extra extra) {
        Map<String, Parameter> all = tensors(model, opt);
        AtomicFiles.cleanStale(file);
        try {
            SectionFile.Reader r = SectionFile.open(file, KIND, "checkpoint", VERSION);
            SectionFile.Input o = r.section(OPTIMIZER);
            int groups = o.readCount("parameter group", 8);
            if (groups != opt.groups().size())
                throw new IllegalArgumentException(file + " has " + groups + " parameter groups, the learner " + opt.groups().size());
            long[] steps = new long[groups];
            for (int i = 0; i < groups; i++) {
                steps[i] = o.readLong();
                if (steps[i] < 0) throw o.fail("parameter group " + i + "'s step count is " + steps[i] + " (an optimizer counts the steps it took, from 0)");
            }
            o.expectEnd();
            extra.read(r); // a vocab or config that does not match is the clearer message than a shape
            Map<String, double[]> values = new LinkedHashMap<>();
            for (String section : r.names()) {
                if (!section.startsWith(TENSOR)) continue; // another section: not ours to read
                String name = section.substring(TENSOR.length());
                Parameter p = all.get(name);
                if (p == null) throw new IllegalArgumentException(file + " holds '" + name + "', which this model does not have");
                values.put(name, read(r.section(section), file, name, p));
            }
            for (String name : all.keySet()) {
                if (name.startsWith("model.") && !values.containsKey(name)) throw new IllegalArgumentException(file + " lacks '" + name + "'");
            }
            for (var e : values.entrySet()) all.get(e.getKey()).set(e.getValue());
            opt.restoreSteps(steps);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint at " + file, e);
        } catch (CorruptFileException e) {
            throw new UncheckedIOException("cannot load the checkpoint: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + IoErrors.describe(e), e);
        }
    }

    /** One tensor: its shape is checked (rank, sizes, against the model's) before its values are allocated. */
    private static double[] read(SectionFile.Input in, Path file, String name, Parameter p) throws CorruptFileException {
        int rank = in.readCount("rank", 8);
        if (rank > MAX_RANK) throw in.fail("rank " + rank + " (at most " + MAX_RANK + ")");
        long[] shape = new long[rank];
        long numel = 1;
        for (int k = 0; k < rank; k++) {
            shape[k] = in.readLong();
            if (shape[k] < 0 || shape[k] > Integer.MAX_VALUE) throw in.fail("dimension " + k + " is " + shape[k]);
            numel *= shape[k];
            if (numel > Integer.MAX_VALUE) throw in.fail("shape " + Arrays.toString(Arrays.copyOf(shape, k + 1)) + " is too large");
        }
        if (numel * 4 != in.remaining()) throw in.fail("shape " + Arrays.toString(shape) + " needs " + numel * 4 + " bytes, the section has " + in.remaining());
        if (!Arrays.equals(shape, p.shape())) {
            throw new IllegalArgumentException(file + ": " + name + ": checkpoint shape " + Arrays.toString(shape) + ", model shape " + Arrays.toString(p.shape()));
        }
        double[] v = new double[(int) numel];
        in.readFloats(v);
        if (name.startsWith("opt.")) checkOptimizerState(in, name, v);
        return v;
    }

    /**
     * An optimizer's state is running means of gradients (finite) and of squared gradients ({@code sqr_avg}: finite and
     * never negative); anything else was crafted, and Adam would turn it into NaN weights at the first step, or (a
     * negative second moment) the square root of a negative number. The model's own weights are not checked: a run that
     * diverged may save NaN weights, and they should load to be looked at.
     */
    private static void checkOptimizerState(SectionFile.Input in, String name, double[] v) throws CorruptFileException {
        boolean second = name.endsWith(".sqr_avg");
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw in.fail("value " + i + " is " + v[i] + " (an optimizer's running averages are finite)");
            if (second && v[i] < 0) throw in.fail("value " + i + " is " + v[i] + " (a running average of squared gradients is never negative)");
        }
    }

    private static Map<String, Parameter> tensors(Module model, Optimizer opt) {
        Map<String, Parameter> all = new LinkedHashMap<>();
        for (var e : model.namedParameters().entrySet()) all.put("model." + e.getKey(), e.getValue());
        for (var e : model.namedBuffers().entrySet()) all.put("model." + e.getKey(), e.getValue());
        for (var e : opt.state().entrySet()) all.put("opt." + e.getKey(), e.getValue());
        return all;
    }
}
