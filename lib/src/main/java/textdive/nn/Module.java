package textdive.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a model, as in PyTorch: fields holding {@link Parameter}s, other
 * {@code Module}s (also in lists or arrays) and {@link Hidden} state are found automatically, so a
 * model is just a class with fields and a {@code forward}. {@code forward} does not compute: it adds
 * operations to the TensorFlow graph under construction; the library builds that graph once per
 * (mode, batch shape) and runs it for every batch.
 */
public abstract class Module {
    private boolean training = true;

    /** Builds the output for input {@code x}. Layers with several inputs have their own {@code apply}. */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no single-input forward");
    }

    /** Calls {@link #forward(Tensor)}, like calling a PyTorch module. */
    public final Tensor apply(Tensor x) {
        return forward(x);
    }

    /** Zeros the hidden state (fastai's {@code ModelResetter} calls it). Override to add more. */
    public void reset() {
        for (Object o : fieldValues()) {
            if (o instanceof Hidden h) h.reset();
            else if (o instanceof Module m) m.reset();
        }
    }

    public boolean training() {
        return training;
    }

    /** Training mode (dropout active) for this module and all its submodules. */
    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public Module train(boolean on) {
        training = on;
        for (Module m : children().values()) m.train(on);
        return this;
    }

    /** Submodules by field name, in declaration order. */
    public Map<String, Module> children() {
        Map<String, Module> out = new LinkedHashMap<>();
        forEachField((name, v) -> {
            if (v instanceof Module m) out.put(name, m);
        });
        return out;
    }

    /** All trainable parameters with dotted names ({@code rnn.weightIh0}); a shared (tied) parameter appears once. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, new IdentityHashMap<>());
        out.values().removeIf(p -> !p.trainable());
        return out;
    }

    /** The buffers ({@link Parameter#buffer}): state saved with the model that the optimizer does not train. */
    public Map<String, Parameter> namedBuffers() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, new IdentityHashMap<>());
        out.values().removeIf(Parameter::trainable);
        return out;
    }

    public List<Parameter> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** All hidden states of this module and its submodules. */
    public List<Hidden> hiddens() {
        List<Hidden> out = new ArrayList<>();
        for (Object o : fieldValues()) {
            if (o instanceof Hidden h) out.add(h);
            else if (o instanceof Module m) out.addAll(m.hiddens());
        }
        return out;
    }

    public long numParameters() {
        return parameters().stream().mapToLong(Parameter::numel).sum();
    }

    private void collect(String prefix, Map<String, Parameter> out, IdentityHashMap<Parameter, Boolean> seen) {
        forEachField((name, v) -> {
            if (v instanceof Parameter p) {
                if (seen.put(p, true) == null) {
                    String full = prefix + name;
                    if (p.engine() == null) p.name(full);
                    out.put(full, p);
                }
            } else if (v instanceof Module m) {
                m.collect(prefix + name + ".", out, seen);
            }
        });
    }

    private List<Object> fieldValues() {
        List<Object> out = new ArrayList<>();
        forEachField((n, v) -> out.add(v));
        return out;
    }

    private interface FieldVisitor {
        void visit(String name, Object value);
    }

    private void forEachField(FieldVisitor visitor) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = getClass(); c != null && c != Module.class; c = c.getSuperclass()) chain.add(0, c);
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                Class<?> t = f.getType();
                if (t.isPrimitive() || t == String.class) continue;
                Object v;
                try {
                    f.setAccessible(true);
                    v = f.get(this);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (v == null) continue;
                String name = f.getName();
                if (v instanceof Parameter || v instanceof Module || v instanceof Hidden) {
                    visitor.visit(name, v);
                } else if (v instanceof Collection<?> coll) {
                    int i = 0;
                    for (Object o : coll) {
                        if (o instanceof Parameter || o instanceof Module || o instanceof Hidden) visitor.visit(name + "." + i, o);
                        i++;
                    }
                } else if (v instanceof Object[] arr) {
                    for (int i = 0; i < arr.length; i++) {
                        Object o = arr[i];
                        if (o instanceof Parameter || o instanceof Module || o instanceof Hidden) visitor.visit(name + "." + i, o);
                    }
                }
            }
        }
    }

    /** A PyTorch-style summary: the module tree with parameter shapes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "");
        return sb.toString();
    }

    /** One line describing this module's own configuration, e.g. {@code Linear(64 -> 30)}. */
    protected String describe() {
        return getClass().getSimpleName();
    }

    private void describe(StringBuilder sb, String indent) {
        sb.append(describe());
        Map<String, Module> kids = children();
        if (kids.isEmpty()) return;
        sb.append("(\n");
        for (var e : kids.entrySet()) {
            sb.append(indent).append("  (").append(e.getKey()).append("): ");
            e.getValue().describe(sb, indent + "  ");
            sb.append('\n');
        }
        sb.append(indent).append(')');
    }
}
