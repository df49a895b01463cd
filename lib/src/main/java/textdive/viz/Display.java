package textdive.viz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rich output for notebooks. The library renders a value to a MIME bundle ({@link Renderers});
 * whoever runs the notebook (the Jupyter kernel, the headless runner, a plain JVM) installs a
 * {@link Sink} that delivers it. Without a sink, values print as text on stdout.
 */
public final class Display {
    private Display() {}

    /** Where rendered outputs go. {@code update} replaces the output shown under {@code id}. */
    public interface Sink {
        void show(String id, Map<String, String> bundle, boolean update);
    }

    private static final Sink STDOUT = (id, bundle, update) -> {
        String text = bundle.get("text/plain");
        if (text != null) System.out.println(text);
    };
    private static volatile Sink sink = STDOUT;
    private static final AtomicLong ids = new AtomicLong();

    public static void setSink(Sink s) {
        sink = s == null ? STDOUT : s;
    }

    public static Sink sink() {
        return sink;
    }

    /** Shows {@code value} and returns an id that {@link #update} can refer to. */
    public static String display(Object value) {
        String id = "textdive-" + ids.incrementAndGet();
        sink.show(id, Renderers.render(value), false);
        return id;
    }

    /** Replaces what {@link #display} showed under {@code id} (e.g. a progress bar). */
    public static void update(String id, Object value) {
        sink.show(Objects.requireNonNull(id), Renderers.render(value), true);
    }

    /** A ready bundle, for callers that render themselves. */
    public static Map<String, String> bundle(String mime, String data, String plain) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(mime, data);
        if (plain != null && !mime.equals("text/plain")) m.put("text/plain", plain);
        return m;
    }
}
