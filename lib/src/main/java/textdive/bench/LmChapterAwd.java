package textdive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.learn.Learner;
import textdive.learn.ModelResetter;
import textdive.nn.Embedding;
import textdive.nn.Hidden;
import textdive.nn.LSTM;
import textdive.nn.Linear;
import textdive.nn.Losses;
import textdive.nn.Module;
import textdive.nn.Rng;
import textdive.nn.Tensor;

/** Times training steps of an AWD-LSTM-sized model (vocab 10k, emb 400, LSTM 1150/1150/400, bs 64, seq 72). */
final class LmChapterAwd {
    private LmChapterAwd() {
    }

    /** Three single-layer LSTMs of different widths with a tied decoder, as fastai's AWD_LSTM stacks them. */
    static final class AwdSized extends Module {
        Embedding enc;
        List<LSTM> rnns = new ArrayList<>();
        Linear dec;
        List<Hidden> hs = new ArrayList<>();
        List<Hidden> cs = new ArrayList<>();

        AwdSized(int vocab, int emb, int hidden, int bs) {
            enc = new Embedding(vocab, emb);
            int[] sizes = {emb, hidden, hidden, emb};
            for (int l = 0; l < 3; l++) {
                rnns.add(new LSTM(sizes[l], sizes[l + 1], 1));
                hs.add(new Hidden(1, bs, sizes[l + 1]));
                cs.add(new Hidden(1, bs, sizes[l + 1]));
            }
            dec = new Linear(emb, vocab);
            dec.weight = enc.weight;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = enc.apply(x);
            for (int l = 0; l < 3; l++) {
                var r = rnns.get(l).apply(out, hs.get(l).value(), cs.get(l).value());
                hs.get(l).set(r.h());
                cs.get(l).set(r.c());
                out = r.output();
            }
            return dec.apply(out);
        }
    }

    static void run() {
        int vocab = 10_000;
        int bs = 64;
        int sl = 72;
        int steps = 3;
        Rng.seed(0);
        SplittableRandom r = new SplittableRandom(0);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < bs * steps; i++) {
            int[] x = new int[sl];
            int[] y = new int[sl];
            for (int k = 0; k < sl; k++) {
                x[k] = r.nextInt(vocab);
                y[k] = r.nextInt(vocab);
            }
            items.add(Item.of(x, y));
        }
        DataLoaders dls = ItemDataLoader.fromDsets(items, items.subList(0, bs), bs, false, true);
        AwdSized model = new AwdSized(vocab, 400, 1150, bs);
        Learner learn = new Learner(dls, model, Losses.crossEntropyFlat(), List.of(), List.of(new ModelResetter()));
        learn.recorder().silent(true);
        System.out.printf("%nAWD-LSTM-sized step: %,d parameters, bs %d, seq %d%n", model.numParameters(), bs, sl);
        long t0 = System.nanoTime();
        learn.fit(1, 1e-3); // builds and compiles the training and validation graphs
        double first = (System.nanoTime() - t0) / 1e9;
        learn.fit(1, 1e-3); // the same graphs again: steady-state steps
        double trainPhase = learn.recorder().trainSeconds().get(0);
        System.out.printf("first epoch (graph build + %d steps + validation): %.1f s; then %.1f s for %d steps%n", steps, first, trainPhase, steps);
        System.out.printf("| AWD-size LSTM | %.2f s/step | peak RSS %.2f GB | (ours beside PyTorch: ./textdive bench awd-lm) |%n", trainPhase / steps, peakRssGb());
        learn.close();
    }

    static double peakRssGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
