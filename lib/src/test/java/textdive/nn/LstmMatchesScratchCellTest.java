package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** The library's fused, unrolled LSTM computes exactly the book's from-scratch LSTM cell. */
class LstmMatchesScratchCellTest {
    /** The book's first LSTMCell: four Linear layers on cat([h, input]). */
    static final class BookLSTMCell extends Module {
        Linear forgetGate;
        Linear inputGate;
        Linear cellGate;
        Linear outputGate;

        BookLSTMCell(int ni, int nh) {
            forgetGate = new Linear(ni + nh, nh);
            inputGate = new Linear(ni + nh, nh);
            cellGate = new Linear(ni + nh, nh);
            outputGate = new Linear(ni + nh, nh);
        }

        Tensor[] apply(Tensor input, Tensor h, Tensor c) {
            Tensor hx = Tensor.cat(List.of(h, input), 1);
            c = c.mul(forgetGate.apply(hx).sigmoid());
            c = c.add(inputGate.apply(hx).sigmoid().mul(cellGate.apply(hx).tanh()));
            h = outputGate.apply(hx).sigmoid().mul(c.tanh());
            return new Tensor[] {h, c};
        }

        /** Copies gate {@code g} of a PyTorch-layout LSTM layer into the Linear that computes it. */
        void loadGate(Linear gate, int g, double[] wih, double[] whh, double[] bih, double[] bhh, int ni, int nh) {
            double[] w = new double[nh * (nh + ni)];
            double[] b = new double[nh];
            for (int r = 0; r < nh; r++) {
                int row = g * nh + r;
                for (int k = 0; k < nh; k++) w[r * (nh + ni) + k] = whh[row * nh + k];
                for (int k = 0; k < ni; k++) w[r * (nh + ni) + nh + k] = wih[row * ni + k];
                b[r] = bih[row] + bhh[row];
            }
            gate.weight.set(w);
            gate.bias.set(b);
        }
    }

    @Test
    void twoLayerLstmEqualsBookCellsOnIdenticalWeights() {
        Rng.seed(3);
        int bs = 2, sl = 5, ni = 3, nh = 4;
        LSTM lstm = new LSTM(ni, nh, 2);
        List<BookLSTMCell> cells = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            int in = l == 0 ? ni : nh;
            BookLSTMCell cell = new BookLSTMCell(in, nh);
            double[] wih = lstm.weightIh.get(l).data(), whh = lstm.weightHh.get(l).data();
            double[] bih = lstm.biasIh.get(l).data(), bhh = lstm.biasHh.get(l).data();
            cell.loadGate(cell.inputGate, 0, wih, whh, bih, bhh, in, nh);
            cell.loadGate(cell.forgetGate, 1, wih, whh, bih, bhh, in, nh);
            cell.loadGate(cell.cellGate, 2, wih, whh, bih, bhh, in, nh);
            cell.loadGate(cell.outputGate, 3, wih, whh, bih, bhh, in, nh);
            cells.add(cell);
        }
        Map<String, Object> feeds = Map.of("x", GradCheck.randn(bs * sl * ni, 1), "h", GradCheck.randn(2 * bs * nh, 2), "c", GradCheck.randn(2 * bs * nh, 3));
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("compare", false, b -> {
                Tensor x = b.input("x", TFloat32.class, bs, sl, ni);
                Tensor h0 = b.input("h", TFloat32.class, 2, bs, nh);
                Tensor c0 = b.input("c", TFloat32.class, 2, bs, nh);
                RnnOutput lib = lstm.apply(x, h0, c0);
                b.output("libOut", lib.output());
                b.output("libH", lib.h());
                b.output("libC", lib.c());
                Tensor in = x;
                List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
                for (int l = 0; l < 2; l++) {
                    Tensor h = h0.select(0, l), c = c0.select(0, l);
                    List<Tensor> outs = new ArrayList<>();
                    for (int t = 0; t < sl; t++) {
                        Tensor[] hc = cells.get(l).apply(in.select(1, t), h, c);
                        h = hc[0];
                        c = hc[1];
                        outs.add(h);
                    }
                    in = Tensor.stack(outs, 1);
                    hs.add(h);
                    cs.add(c);
                }
                b.output("bookOut", in);
                b.output("bookH", Tensor.stack(hs, 0));
                b.output("bookC", Tensor.stack(cs, 0));
            });
            Program.Outputs o = p.run(feeds);
            assertEquals(bs * sl * nh, o.get("libOut").length);
            assertArrayEquals(o.get("bookOut"), o.get("libOut"), 1e-5);
            assertArrayEquals(o.get("bookH"), o.get("libH"), 1e-5);
            assertArrayEquals(o.get("bookC"), o.get("libC"), 1e-5);
        }
    }

    @Test
    void lstmCellStepEqualsOneStepOfOneLayerLstm() {
        Rng.seed(4);
        LSTM lstm = new LSTM(3, 2, 1);
        LSTMCell cell = new LSTMCell(3, 2);
        cell.weightIh.set(lstm.weightIh.get(0).data());
        cell.weightHh.set(lstm.weightHh.get(0).data());
        cell.biasIh.set(lstm.biasIh.get(0).data());
        cell.biasHh.set(lstm.biasHh.get(0).data());
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("cell", false, b -> {
                Tensor x = b.input("x", TFloat32.class, 2, 1, 3);
                Tensor h = b.input("h", TFloat32.class, 1, 2, 2);
                Tensor c = b.input("c", TFloat32.class, 1, 2, 2);
                RnnOutput lib = lstm.apply(x, h, c);
                LSTMCell.State s = cell.apply(x.select(1, 0), new LSTMCell.State(h.select(0, 0), c.select(0, 0)));
                b.output("libH", lib.h());
                b.output("libC", lib.c());
                b.output("cellH", s.h());
                b.output("cellC", s.c());
            });
            Program.Outputs o = p.run(Map.of("x", GradCheck.randn(6, 5), "h", GradCheck.randn(4, 6), "c", GradCheck.randn(4, 7)));
            assertArrayEquals(o.get("cellH"), o.get("libH"), 1e-6);
            assertArrayEquals(o.get("cellC"), o.get("libC"), 1e-6);
        }
    }
}
