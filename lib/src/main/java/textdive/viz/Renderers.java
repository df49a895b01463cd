package textdive.viz;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/** Turns the values a notebook shows into Jupyter MIME bundles (always with a text/plain form). */
public final class Renderers {
    private Renderers() {}

    public static Map<String, String> render(Object value) {
        if (value instanceof Map<?, ?> m && !m.isEmpty() && m.keySet().stream().allMatch(k -> k instanceof String s && s.contains("/"))) {
            Map<String, String> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, String.valueOf(v)));
            return copy;
        }
        if (value instanceof Chart<?, ?> chart) {
            return image(BitmapEncoder.getBufferedImage(chart), chart.getTitle());
        }
        if (value instanceof RenderedImage img) {
            return image(img, "image");
        }
        if (value instanceof Table t) {
            Table shown = TableStyle.forDisplay(t);
            return Display.bundle("text/html", TableHtml.toHtml(shown), shown.print());
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/plain", String.valueOf(value));
        return m;
    }

    private static Map<String, String> image(RenderedImage img, String alt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String title = alt == null || alt.isBlank() ? "image" : alt;
        return Display.bundle("image/png", Base64.getEncoder().encodeToString(out.toByteArray()),
                "<" + title + ": " + img.getWidth() + "x" + img.getHeight() + " image>");
    }
}
