package textdive.viz;

import java.awt.image.BufferedImage;

/**
 * The book's picture of a recurrent network unrolled over time: one column per word, the input word
 * (rectangle) feeding the hidden state (circle), the same hidden-to-hidden layer carrying the state from
 * each word to the next, and the output (triangle) after the last word or after every word; with
 * {@link #layers} above 1 the stacked RNN of LMModel5, where each layer's state is the next layer's input.
 *
 * <pre>{@code RnnDiagram.unrolled(3).image()                                   // LMModel2
 * RnnDiagram.unrolled(4).outputEveryStep().carriedState().layers(2).image() // LMModel5}</pre>
 */
public final class RnnDiagram {
    private final int steps;
    private int layers = 1;
    private boolean everyStep;
    private boolean carried;
    private String title;

    private RnnDiagram(int steps) {
        if (steps < 1 || steps > 8) throw new IllegalArgumentException("draw 1 to 8 steps, got " + steps);
        this.steps = steps;
    }

    /** An RNN unrolled over {@code steps} words (1 to 8). */
    public static RnnDiagram unrolled(int steps) {
        return new RnnDiagram(steps);
    }

    /** Stacked layers (1 to 4), each with its own weights. */
    public RnnDiagram layers(int n) {
        if (n < 1 || n > 4) throw new IllegalArgumentException("draw 1 to 4 layers, got " + n);
        this.layers = n;
        return this;
    }

    /** A prediction after every word (LMModel4 on), not only after the last. */
    public RnnDiagram outputEveryStep() {
        this.everyStep = true;
        return this;
    }

    /** The state comes from the previous batch and is kept for the next (LMModel3 on). */
    public RnnDiagram carriedState() {
        this.carried = true;
        return this;
    }

    public RnnDiagram title(String t) {
        this.title = t;
        return this;
    }

    public BufferedImage image() {
        int dx = 105;
        int left = carried ? 150 : 70;
        int width = Math.max(560, left + steps * dx + (carried ? 130 : 60));
        int height = 130 + layers * 85 + 95;
        Sketch s = new Sketch(width, height);
        double yIn = height - 45;
        double[] yLayer = new double[layers];
        for (int l = 0; l < layers; l++) yLayer[l] = yIn - 85 * (l + 1);
        double yOut = yLayer[layers - 1] - 85;
        s.text(width / 2.0, 18, title != null ? title : defaultTitle(), Sketch.INK, 14, true);
        legend(s, width);
        for (int t = 0; t < steps; t++) {
            double x = left + t * dx;
            s.rect(x, yIn, 76, 30, "word " + (t + 1));
            s.arrow(x, yIn - 15, x, yLayer[0] + 20, Sketch.INPUT, 2.2f, false);
            for (int l = 0; l < layers; l++) {
                s.circle(x, yLayer[l], 18, null);
                if (l + 1 < layers) s.arrow(x, yLayer[l] - 18, x, yLayer[l + 1] + 20, Sketch.INPUT, 2.2f, false);
                if (t + 1 < steps) s.arrow(x + 18, yLayer[l], x + dx - 20, yLayer[l], Sketch.HIDDEN, 2.2f, false);
            }
            if (everyStep || t == steps - 1) {
                s.arrow(x, yLayer[layers - 1] - 18, x, yOut + 14, Sketch.OUTPUT, 2.2f, false);
                s.triangle(x, yOut, 26, "word " + (t + 2) + "?");
            }
        }
        for (int l = 0; l < layers; l++) {
            String name = layers == 1 ? "h" : "h" + (l + 1);
            double xFirst = left, xLast = left + (steps - 1) * dx;
            if (carried) {
                s.arrow(xFirst - 95, yLayer[l], xFirst - 20, yLayer[l], Sketch.HIDDEN, 2.2f, true);
                s.textLeft(xFirst - 140, yLayer[l] - 14, name + " from the last batch", Sketch.NOTE, 11);
                s.arrow(xLast + 18, yLayer[l], xLast + 95, yLayer[l], Sketch.HIDDEN, 2.2f, true);
                s.textLeft(xLast + 26, yLayer[l] - 14, name + " for the next", Sketch.NOTE, 11);
            } else {
                s.text(xFirst - 45, yLayer[l], name + " = 0", Sketch.NOTE, 11, false);
            }
            if (layers > 1) s.text(xLast + (carried ? 60 : 45), yLayer[l] + 22, "layer " + (l + 1), Sketch.NOTE, 11, false);
        }
        return s.done();
    }

    private String defaultTitle() {
        return (layers > 1 ? layers + "-layer RNN" : "RNN") + " unrolled over " + steps + " words";
    }

    private static void legend(Sketch s, int width) {
        String[] names = {"input to hidden", "hidden to hidden", "hidden to output"};
        java.awt.Color[] colors = {Sketch.INPUT, Sketch.HIDDEN, Sketch.OUTPUT};
        double x = 14;
        for (int i = 0; i < 3; i++) {
            s.line(x, 42, x + 22, 42, colors[i], 3f);
            s.textLeft(x + 28, 42, names[i], Sketch.INK, 11);
            x += 150;
        }
    }
}
