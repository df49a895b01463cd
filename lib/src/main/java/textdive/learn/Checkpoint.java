package textdive.learn;

import textdive.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import textdive.nn.Parameter;
import textdive.nn.Module;
import textdive.optim.Optimizer;
import textdive.optim.ParamGroup;

/** Weights + optimizer state in one file: a name, a shape and float32 values per tensor. */
final class Checkpoint {
    private static final String MAGIC = "textdive-checkpoint-1";

    private Checkpoint() {
    }

    static void save(Path file, Module model, Optimizer opt) {
        Map<String, Parameter> all = tensors(model, opt);
        try {
            AtomicFiles.write(file, os -> {
                DataOutputStream out = new DataOutputStream(os);
                out.writeUTF(MAGIC);
                out.writeInt(opt.groups().size());
                for (ParamGroup g : opt.groups()) out.writeLong(g.step());
                out.writeInt(all.size());
                for (var e : all.entrySet()) {
                    out.writeUTF(e.getKey());
                    long[] shape = e.getValue().shape();
                    out.writeInt(shape.length);
                    for (long d : shape) out.writeLong(d);
                    for (double v : e.getValue().data()) out.writeFloat((float) v);
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not save checkpoint " + file, e);
        }
    }

    static void load(Path file, Module model, Optimizer opt) {
        Map<String, Parameter> all = tensors(model, opt);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) throw new IllegalArgumentException(file + " is not a textdive checkpoint");
            int groups = in.readInt();
            if (groups != opt.groups().size()) throw new IllegalArgumentException(file + " has " + groups + " parameter groups, the learner " + opt.groups().size());
            long[] steps = new long[groups];
            for (int i = 0; i < groups; i++) steps[i] = in.readLong();
            int n = in.readInt();
            Map<String, double[]> values = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int k = 0; k < shape.length; k++) shape[k] = in.readLong();
                Parameter p = all.get(name);
                if (p == null) throw new IllegalArgumentException(file + " holds '" + name + "', which this model does not have");
                if (!Arrays.equals(shape, p.shape())) {
                    throw new IllegalArgumentException(name + ": checkpoint shape " + Arrays.toString(shape) + ", model shape " + Arrays.toString(p.shape()));
                }
                double[] v = new double[p.numel()];
                for (int k = 0; k < v.length; k++) v[k] = in.readFloat();
                values.put(name, v);
            }
            for (String name : all.keySet()) {
                if (name.startsWith("model.") && !values.containsKey(name)) throw new IllegalArgumentException(file + " lacks '" + name + "'");
            }
            for (var e : values.entrySet()) all.get(e.getKey()).set(e.getValue());
            opt.restoreSteps(steps);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file + " (truncated or corrupt?)", e);
        }
    }

    private static Map<String, Parameter> tensors(Module model, Optimizer opt) {
        Map<String, Parameter> all = new LinkedHashMap<>();
        for (var e : model.namedParameters().entrySet()) all.put("model." + e.getKey(), e.getValue());
        for (var e : opt.state().entrySet()) all.put("opt." + e.getKey(), e.getValue());
        return all;
    }
}
