package textdive.viz;

import java.awt.image.BufferedImage;

/**
 * The LSTM cell as the book draws it: the cell state {@code c} runs along the top and is changed only by
 * element-wise products and a sum; the previous hidden state {@code h} and the input {@code x} go
 * through four gates (forget, input, cell, output), and the new {@code h} is the output gate times
 * {@code tanh(c)}.
 */
public final class LstmCellDiagram {
    private LstmCellDiagram() {}

    public static BufferedImage image() {
        int width = 680;
        int height = 360;
        Sketch s = new Sketch(width, height);
        s.text(width / 2.0, 18, "An LSTM cell", Sketch.INK, 14, true);
        double boxL = 110, boxR = 570, boxT = 58, boxB = 300;
        s.g.setColor(new java.awt.Color(0xfafafa));
        s.g.fill(new java.awt.geom.RoundRectangle2D.Double(boxL, boxT, boxR - boxL, boxB - boxT, 18, 18));
        s.g.setColor(new java.awt.Color(0xbbbbbb));
        s.g.setStroke(new java.awt.BasicStroke(1.2f));
        s.g.draw(new java.awt.geom.RoundRectangle2D.Double(boxL, boxT, boxR - boxL, boxB - boxT, 18, 18));

        double yC = 85;            // the cell state line
        double yGate = 215;        // the gates
        double yHx = 272;          // h_{t-1} and x_t, concatenated
        double xF = 190, xI = 270, xG = 340, xO = 440;
        double xMul1 = xF, xAdd = xG, xTanh = 500;

        // cell state: c_{t-1} -> x -> + -> c_t
        s.textLeft(20, yC, "c (t-1)", Sketch.INK, 13);
        s.line(70, yC, xMul1 - 11, yC, Sketch.INK, 2.2f);
        s.op(xMul1, yC, "×");
        s.line(xMul1 + 11, yC, xAdd - 11, yC, Sketch.INK, 2.2f);
        s.op(xAdd, yC, "+");
        s.arrow(xAdd + 11, yC, 620, yC, Sketch.INK, 2.2f, false);
        s.textLeft(625, yC, "c (t)", Sketch.INK, 13);

        // h_{t-1} and x_t come in at the bottom and feed every gate
        s.textLeft(20, yHx, "h (t-1)", Sketch.INK, 13);
        s.line(70, yHx, xO, yHx, Sketch.INPUT, 2.2f);
        s.text(xI - 40, height - 25, "x (t)", Sketch.INK, 13, false);
        s.line(xI - 40, height - 38, xI - 40, yHx, Sketch.INPUT, 2.2f);
        for (double x : new double[] {xF, xI, xG, xO}) s.arrow(x, yHx, x, yGate + 21, Sketch.INPUT, 1.8f, false);
        s.gate(xF, yGate, "σ", "forget");
        s.gate(xI, yGate, "σ", "input");
        s.gate(xG, yGate, "tanh", "cell");
        s.gate(xO, yGate, "σ", "output");

        // forget gate scales the old cell state
        s.arrow(xF, yGate - 20, xMul1, yC + 12, Sketch.HIDDEN, 1.8f, false);
        // input gate times candidate, added to the cell state
        double yMul2 = 150;
        s.line(xI, yGate - 20, xI, yMul2, Sketch.HIDDEN, 1.8f);
        s.arrow(xI, yMul2, (xI + xG) / 2 - 11, yMul2, Sketch.HIDDEN, 1.8f, false);
        s.line(xG, yGate - 20, xG, yMul2, Sketch.HIDDEN, 1.8f);
        s.arrow(xG, yMul2, (xI + xG) / 2 + 11, yMul2, Sketch.HIDDEN, 1.8f, false);
        s.op((xI + xG) / 2, yMul2, "×");
        s.line((xI + xG) / 2, yMul2 - 11, (xI + xG) / 2, yC + 30, Sketch.HIDDEN, 1.8f);
        s.arrow((xI + xG) / 2, yC + 30, xAdd - 8, yC + 8, Sketch.HIDDEN, 1.8f, false);
        // output: o * tanh(c)
        s.arrow(xTanh, yC, xTanh, 130, Sketch.INK, 1.8f, false);
        s.op(xTanh, 147, "tanh");
        double yMul3 = 215;
        s.arrow(xTanh, 164, xTanh, yMul3 - 11, Sketch.INK, 1.8f, false);
        s.arrow(xO + 28, yGate, xTanh - 11, yMul3, Sketch.HIDDEN, 1.8f, false);
        s.op(xTanh, yMul3, "×");
        s.line(xTanh + 11, yMul3, 540, yMul3, Sketch.OUTPUT, 2.2f);
        s.line(540, yMul3, 540, yHx + 8, Sketch.OUTPUT, 2.2f);
        s.arrow(540, yHx + 8, 620, yHx + 8, Sketch.OUTPUT, 2.2f, false);
        s.textLeft(625, yHx + 8, "h (t)", Sketch.INK, 13);
        s.text(width / 2.0, 40, "c = f × c + i × g,   h = o × tanh(c)   (f, i, o: the σ gates; g: the tanh cell gate)", Sketch.NOTE, 12, false);
        return s.done();
    }
}
