package textdive.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import textdive.data.DataLoaders;
import textdive.data.HumanNumbersData;
import textdive.learn.Learner;
import textdive.learn.Metrics;
import textdive.learn.ModelResetter;
import textdive.learn.TextLearner;
import textdive.models.LMModel1;
import textdive.models.LMModel2;
import textdive.models.LMModel3;
import textdive.models.LMModel4;
import textdive.models.LMModel5;
import textdive.models.LMModel6;
import textdive.models.LMModel7;
import textdive.nn.Engine;
import textdive.nn.Losses;
import textdive.nn.Module;
import textdive.nn.Rng;

/**
 * {@code ./textdive bench lm-chapter [--seeds N] [--models 1,6,7] [--no-awd]}: trains LMModel1-7 with
 * the book's hyperparameters on HUMAN_NUMBERS, N seeds each, and prints final validation accuracy
 * (median, min, max) against the book and the PyTorch re-implementation, with seconds per epoch,
 * milliseconds per training step and tokens per second, and whether each goal of the engine issue is
 * met; then times an AWD-LSTM-sized training step.
 */
public final class LmChapter {
    /**
     * One row of the yardstick: the book's final accuracy and a PyTorch 1.13 re-implementation of
     * the recipe over 3 seeds (median, min, max, seconds per epoch); {@code scripts/lm_recipe_pytorch.py}
     * re-runs it.
     */
    record Spec(String name, double book, double torch, double torchMin, double torchMax, double torchSecPerEpoch, int epochs, double lr, double wd,
            boolean sequence) {
        /** The accuracy goal: the PyTorch median - 0.02, and for LMModel7 also the book's number. */
        double bar() {
            double bar = torch - 0.02;
            return name.equals("LMModel7") ? Math.max(bar, book) : bar;
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("LMModel1", 0.494, 0.462, 0.447, 0.491, 0.53, 4, 1e-3, 0.01, false),
            new Spec("LMModel2", 0.470, 0.462, 0.447, 0.491, 0.54, 4, 1e-3, 0.01, false),
            new Spec("LMModel3", 0.589, 0.595, 0.590, 0.603, 0.49, 10, 3e-3, 0.01, false),
            new Spec("LMModel4", 0.640, 0.634, 0.632, 0.642, 0.51, 15, 3e-3, 0.01, true),
            new Spec("LMModel5", 0.488, 0.529, 0.518, 0.542, 0.59, 15, 3e-3, 0.01, true),
            new Spec("LMModel6", 0.758, 0.714, 0.646, 0.778, 1.44, 15, 1e-2, 0.01, true),
            new Spec("LMModel7", 0.869, 0.883, 0.862, 0.912, 1.35, 15, 1e-2, 0.1, true));

    private LmChapter() {
    }

    public static void main(String[] args) {
        int seeds = 1;
        List<Integer> models = List.of(1, 2, 3, 4, 5, 6, 7);
        boolean awd = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--models" -> models = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--no-awd" -> awd = false;
                case "--awd-only" -> models = List.of();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--seeds N, --models 1,2,..., --no-awd, --awd-only)");
            }
        }
        Engine.Settings s = Engine.defaultSettings();
        System.out.printf("lm-chapter: %d seed(s), threads %d/%d, grappler %s%n", seeds, s.intraOpThreads(), s.interOpThreads(), s.grappler() ? "on" : "off");
        HumanNumbersData data = HumanNumbersData.load();
        List<String> rows = new ArrayList<>();
        for (int m : models) {
            Spec spec = SPECS.get(m - 1);
            double[] accs = new double[seeds];
            List<Double> secPerEpoch = new ArrayList<>();
            List<Double> msPerStep = new ArrayList<>();
            double tokensPerStep = 0;
            for (int seed = 0; seed < seeds; seed++) {
                Rng.seed(seed);
                Run r = train(m, spec, data);
                accs[seed] = r.acc;
                secPerEpoch.add(r.secPerEpoch);
                msPerStep.add(r.msPerStep);
                tokensPerStep = r.tokensPerStep;
                System.out.printf("  %s seed %d: final accuracy %.4f, %.2f s/epoch, %.2f ms/step%n", spec.name(), seed, r.acc, r.secPerEpoch, r.msPerStep);
            }
            double[] sorted = accs.clone();
            Arrays.sort(sorted);
            double med = median(sorted);
            double ms = median(msPerStep.stream().mapToDouble(Double::doubleValue).sorted().toArray());
            double se = median(secPerEpoch.stream().mapToDouble(Double::doubleValue).sorted().toArray());
            rows.add(String.format("| %s | %.3f | %.3f (%.3f-%.3f) | %.3f (%.3f-%.3f) | %.3f %s | %.2f | %.2f %s | %.1f | %.0f |", spec.name(), spec.book(), spec.torch(),
                    spec.torchMin(), spec.torchMax(), med, sorted[0], sorted[sorted.length - 1], spec.bar(), med >= spec.bar() ? "met" : "NOT met",
                    spec.torchSecPerEpoch(), se, se <= spec.torchSecPerEpoch() ? "met" : "NOT met", ms, tokensPerStep / (ms / 1000)));
        }
        if (!rows.isEmpty()) {
            System.out.println();
            System.out.println("(ours: s/epoch and ms/step are medians over the epochs after the first, which also builds the graphs)");
            System.out.println("| model | book final | PyTorch median (min-max) | ours median (min-max) | accuracy goal | PyTorch s/epoch | ours s/epoch | ms/step | tokens/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        }
        if (awd) LmChapterAwd.run();
    }

    record Run(double acc, double secPerEpoch, double msPerStep, double tokensPerStep) {
    }

    static Run train(int m, Spec spec, HumanNumbersData data) {
        int bs = 64;
        int vocab = data.vocab().size();
        DataLoaders dls = switch (m) {
            case 1, 2 -> data.threeWordDls(bs);
            case 3 -> data.groupedThreeWordDls(bs);
            default -> data.sequenceDls(bs, HumanNumbersData.SL);
        };
        Module net = switch (m) {
            case 1 -> new LMModel1(vocab, 64);
            case 2 -> new LMModel2(vocab, 64);
            case 3 -> new LMModel3(vocab, 64, bs);
            case 4 -> new LMModel4(vocab, 64, bs);
            case 5 -> new LMModel5(vocab, 64, 2, bs);
            case 6 -> new LMModel6(vocab, 64, 2, bs);
            default -> new LMModel7(vocab, 64, 2, 0.4, bs);
        };
        var loss = spec.sequence() ? Losses.crossEntropyFlat() : Losses.crossEntropy();
        Learner learn = m == 7 ? new TextLearner(dls, net, loss, Metrics.accuracy())
                : new Learner(dls, net, loss, List.of(Metrics.accuracy()), m >= 3 ? List.of(new ModelResetter()) : List.of());
        learn.recorder().silent(true);
        learn.fitOneCycle(spec.epochs(), spec.lr(), spec.wd());
        var table = learn.recorder().table();
        double acc = table.doubleColumn("accuracy").get(table.rowCount() - 1);
        // steady state: the epochs after the first (which also builds and compiles the graphs)
        double[] epochs = steady(learn.recorder().epochSeconds());
        double[] trains = steady(learn.recorder().trainSeconds());
        int steps = dls.train().size();
        long tokens = (long) bs * (spec.sequence() ? 16 : 3);
        learn.close();
        return new Run(acc, median(epochs), median(trains) / steps * 1000, tokens);
    }

    private static double[] steady(List<Double> xs) {
        List<Double> tail = xs.size() > 1 ? xs.subList(1, xs.size()) : xs;
        return tail.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
