package textdive.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/**
 * A small Java2D canvas for the course's diagrams, in the book's visual language: inputs are
 * rectangles, hidden activations circles, outputs triangles, and each coloured arrow is one weight
 * matrix (green: input to hidden, orange: hidden to hidden, blue: hidden to output).
 */
final class Sketch {
    static final Color INPUT = new Color(0x2ca02c);
    static final Color HIDDEN = new Color(0xff7f0e);
    static final Color OUTPUT = new Color(0x1f77b4);
    static final Color INK = new Color(0x333333);
    static final Color FILL = new Color(0xf4f4f4);
    static final Color NOTE = new Color(0x777777);

    final BufferedImage image;
    final Graphics2D g;

    Sketch(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    }

    BufferedImage done() {
        g.dispose();
        return image;
    }

    void rect(double cx, double cy, double w, double h, String label) {
        RoundRectangle2D r = new RoundRectangle2D.Double(cx - w / 2, cy - h / 2, w, h, 8, 8);
        g.setColor(FILL);
        g.fill(r);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(r);
        text(cx, cy, label, INK, 13, false);
    }

    void circle(double cx, double cy, double r, String label) {
        Ellipse2D e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        g.setColor(FILL);
        g.fill(e);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(e);
        if (label != null) text(cx, cy, label, INK, 12, false);
    }

    void triangle(double cx, double cy, double size, String label) {
        Polygon p = new Polygon();
        p.addPoint((int) Math.round(cx), (int) Math.round(cy - size * 0.6));
        p.addPoint((int) Math.round(cx - size * 0.6), (int) Math.round(cy + size * 0.45));
        p.addPoint((int) Math.round(cx + size * 0.6), (int) Math.round(cy + size * 0.45));
        g.setColor(FILL);
        g.fill(p);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(p);
        if (label != null) text(cx, cy - size * 0.95, label, INK, 12, false);
    }

    /** A small circle holding an element-wise operation ({@code ×}, {@code +}, {@code tanh}). */
    void op(double cx, double cy, String symbol) {
        double r = symbol.length() > 1 ? 17 : 11;
        Ellipse2D e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        g.setColor(new Color(0xfde9d9));
        g.fill(e);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(e);
        text(cx, cy, symbol, INK, symbol.length() > 1 ? 12 : 15, false);
    }

    /** A gate: a layer followed by its activation ({@code σ} or {@code tanh}), its name under the activation. */
    void gate(double cx, double cy, String activation, String name) {
        RoundRectangle2D r = new RoundRectangle2D.Double(cx - 28, cy - 20, 56, 40, 6, 6);
        g.setColor(new Color(0xfff2cc));
        g.fill(r);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(r);
        text(cx, cy - 6, activation, INK, 14, false);
        text(cx, cy + 10, name, NOTE, 10, false);
    }

    void arrow(double x1, double y1, double x2, double y2, Color color, float width, boolean dashed) {
        g.setColor(color);
        Stroke s = dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(width);
        g.setStroke(s);
        double angle = Math.atan2(y2 - y1, x2 - x1);
        double head = 7 + width * 2;
        g.draw(new Line2D.Double(x1, y1, x2 - Math.cos(angle) * head * 0.8, y2 - Math.sin(angle) * head * 0.8));
        Polygon p = new Polygon();
        p.addPoint((int) Math.round(x2), (int) Math.round(y2));
        p.addPoint((int) Math.round(x2 - head * Math.cos(angle - 0.4)), (int) Math.round(y2 - head * Math.sin(angle - 0.4)));
        p.addPoint((int) Math.round(x2 - head * Math.cos(angle + 0.4)), (int) Math.round(y2 - head * Math.sin(angle + 0.4)));
        g.fill(p);
    }

    void line(double x1, double y1, double x2, double y2, Color color, float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    /** Text centred on (cx, cy). */
    void text(double cx, double cy, String s, Color color, int size, boolean bold) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(color);
        g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    /** Text starting at x, vertically centred on cy. */
    void textLeft(double x, double cy, String s, Color color, int size) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(color);
        g.drawString(s, (float) x, (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }
}
