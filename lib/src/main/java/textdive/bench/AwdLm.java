package textdive.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import textdive.config.CommandLine;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.LMDataLoader;
import textdive.learn.Callback;
import textdive.learn.Learner;
import textdive.learn.TextLearner;
import textdive.models.AwdLstm;
import textdive.models.SequentialRNN;
import textdive.nn.Engine;
import textdive.nn.Losses;
import textdive.nn.OpProfile;
import textdive.nn.Rng;
import textdive.ulmfit.UlmfitScale;

/**
 * {@code ./textdive bench awd-lm [--steps N] [--sizes book,cpu] [--no-pytorch]}: training steps of fastai's
 * AWD-LSTM language model (all dropouts, drop_mult 0.3, AR/TAR, fastai's Adam) at the book's size and at the CPU
 * scale, ours beside the same model in plain PyTorch ({@code scripts/awd_lm_pytorch.py}) in the same run: seconds
 * per step, tokens per second, the ratio, GFLOP/s counted from the model's matrix products against this machine's
 * fp32 peak, and peak memory. Each measurement runs in its own process, so that its peak memory is its own.
 */
public final class AwdLm {
    /**
     * One model size: vocab, embedding, hidden, layers, batch size, sequence length; {@code chunks} > 0 makes it the
     * classifier (SentenceEncoder + pooling head) on reviews of {@code chunks * seq} tokens, 0 the language model.
     */
    record Size(String name, int vocab, int emb, int hid, int layers, int bs, int seq, int chunks) {
        Size(String name, int vocab, int emb, int hid, int layers, int bs, int seq) {
            this(name, vocab, emb, hid, layers, bs, seq, 0);
        }

        boolean classifier() {
            return chunks > 0;
        }

        long tokensPerStep() {
            return (long) bs * seq * Math.max(1, chunks);
        }

        /** Matrix-product flops of one training step: forward, then the input and the weight gradient of each product. */
        double flopsPerStep() {
            double fwd = 0;
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? emb : hid, out = l == layers - 1 ? emb : hid;
                fwd += 2.0 * 4 * out * (in + out);
            }
            if (!classifier()) fwd += 2.0 * emb * vocab;
            return 3 * fwd * tokensPerStep();
        }

        List<String> torchArgs(int steps) {
            List<String> a = new ArrayList<>(List.of("--vocab", "" + vocab, "--emb", "" + emb, "--hid", "" + hid, "--layers", "" + layers, "--bs", "" + bs,
                    "--seq", "" + seq, "--steps", "" + steps, "--threads", "" + Engine.defaultSettings().intraOpThreads()));
            if (classifier()) a.addAll(List.of("--chunks", "" + chunks, "--lengths", "full", "--max-len", "" + chunks * seq));
            return a;
        }

        String script() {
            return classifier() ? "ulmfit_clas_pytorch.py" : "awd_lm_pytorch.py";
        }
    }

    static final Size BOOK = new Size("book (fastai's awd_lstm_lm_config, vocab 60k)", 60_000, 400, 1152, 3, 64, 72);

    static Size cpu() {
        UlmfitScale s = UlmfitScale.CPU;
        return new Size("CPU scale", s.lmVocab(), s.lm().embSz(), s.lm().nHid(), s.lm().nLayers(), s.lmBs(), s.lmSeqLen());
    }

    /** The classifier at the CPU scale, on reviews of 4 chunks (about IMDb's typical length). */
    static Size cpuClas() {
        UlmfitScale s = UlmfitScale.CPU;
        var st = s.stage3();
        return new Size("classifier, CPU scale (reviews of 4 x " + st.seqLen() + " tokens)", s.lmVocab(), s.lm().embSz(), s.lm().nHid(), s.lm().nLayers(), st.bs(),
                st.seqLen(), 4);
    }

    private AwdLm() {
    }

    public static void main(String[] args) throws Exception {
        int steps = 4;
        List<String> sizes = List.of("book", "cpu", "cpu-clas");
        boolean torch = true;
        boolean profile = false;
        String child = null;
        CommandLine cl = new CommandLine("bench awd-lm", "--steps N (at least 2: the first also builds the graph), --sizes book,cpu,cpu-clas,custom:VOCABxEMBxHIDxLAYERSxBSxSEQ, --no-pytorch, --profile", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--steps" -> steps = cl.intValue(2);
                case "--sizes" -> sizes = cl.value(AwdLm::sizeNames);
                case "--no-pytorch" -> torch = false;
                case "--child" -> child = cl.value();
                case "--profile" -> profile = true;
                default -> throw cl.unknown();
            }
        }
        if (child != null) {
            Size s = size(child);
            if (profile) OpProfile.start();
            String json = s.classifier() ? oursClassifier(s, steps) : ours(s, steps);
            if (profile) System.err.println("\nwhere the time of " + s.name() + " goes (TensorFlow's per-node timings, traced):\n" + OpProfile.report(25));
            System.out.println(json);
            return;
        }
        Engine.Settings es = Engine.defaultSettings();
        System.out.printf(Locale.ROOT, "awd-lm: %s, %d cores; threads %d/%d; %d steps per size (the first, which builds the graph, not counted)%n",
                Machine.cpuModel(), Runtime.getRuntime().availableProcessors(), es.intraOpThreads(), es.interOpThreads(), steps);
        System.out.println("fp32 peak: " + Machine.peakFormula());
        boolean haveTorch = torch && PyTorchYardstick.available();
        List<String> notes = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (String name : sizes) {
            Size s = size(name);
            System.out.println("\n" + s.name() + ": vocab " + s.vocab() + ", " + s.emb() + "/" + s.hid() + "/" + s.layers() + ", bs " + s.bs() + ", seq " + s.seq()
                    + (s.classifier() ? ", " + s.chunks() + " chunks" : ""));
            JsonObject o = runChild(name, steps, profile);
            System.out.println("  textdive: " + o);
            JsonObject t = null;
            if (haveTorch) {
                t = PyTorchYardstick.runJson(PyTorchYardstick.root(), s.script(), s.torchArgs(steps), notes);
                System.out.println("  PyTorch:  " + t);
            }
            rows.add(row(s, o, t));
        }
        System.out.println();
        System.out.println("| size | params | ours s/step | ours tokens/s | PyTorch s/step | PyTorch tokens/s | ours / PyTorch | goal ≤ 0.8 | ours GFLOP/s | PyTorch GFLOP/s | peak RSS ours / PyTorch |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nfp32 peak of this machine: %s. GFLOP/s counts the matrix products of a step (forward, input and weight gradients).%n",
                Machine.peakFormula());
        if (haveTorch) System.out.println("PyTorch: Debian's python3-torch, scripts/awd_lm_pytorch.py and scripts/ulmfit_clas_pytorch.py; " + String.join("; ", notes.stream().distinct().toList()));
        else System.out.println("PyTorch not measured: " + (torch ? PyTorchYardstick.unavailableReason() : "--no-pytorch"));
    }

    /** A --sizes list, each name checked before the first size is measured. */
    private static List<String> sizeNames(String list) {
        List<String> names = List.of(list.split(","));
        names.forEach(AwdLm::size);
        return names;
    }

    private static Size size(String name) {
        if (name.startsWith("custom:")) {
            String[] v = name.substring(7).split("x");
            if (v.length != 6) throw new IllegalArgumentException("custom:VOCABxEMBxHIDxLAYERSxBSxSEQ, got " + name);
            return new Size(name, Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]), Integer.parseInt(v[3]), Integer.parseInt(v[4]),
                    Integer.parseInt(v[5]));
        }
        return switch (name) {
            case "book" -> BOOK;
            case "cpu" -> cpu();
            case "cpu-clas" -> cpuClas();
            default -> throw new IllegalArgumentException("unknown size " + name + " (book, cpu, cpu-clas, custom:VOCABxEMBxHIDxLAYERSxBSxSEQ)");
        };
    }

    private static String row(Size s, JsonObject ours, JsonObject torch) {
        double step = ours.get("step_s").getAsDouble();
        double gf = s.flopsPerStep() / step / 1e9;
        String params = String.format(Locale.ROOT, "%.1f M", ours.get("params").getAsLong() / 1e6);
        if (torch == null) {
            return String.format(Locale.ROOT, "| %s | %s | %.2f | %,.0f | – | – | – | – | %.0f (%.0f %%) | – | %.2f GB / – |", s.name(), params, step,
                    ours.get("tokens_per_s").getAsDouble(), gf, 100 * gf / Machine.fp32PeakGflops(), ours.get("peak_rss_gb").getAsDouble());
        }
        double tstep = torch.get("step_s").getAsDouble();
        double ratio = step / tstep;
        double tgf = s.flopsPerStep() / tstep / 1e9;
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %,.0f | %.2f | %,.0f | %.2f | %s | %.0f (%.0f %%) | %.0f (%.0f %%) | %.2f GB / %.2f GB |", s.name(), params,
                step, ours.get("tokens_per_s").getAsDouble(), tstep, torch.get("tokens_per_s").getAsDouble(), ratio, ratio <= 0.8 ? "met" : "not met",
                gf, 100 * gf / Machine.fp32PeakGflops(), tgf, 100 * tgf / Machine.fp32PeakGflops(),
                ours.get("peak_rss_gb").getAsDouble(), torch.get("peak_rss_gb").getAsDouble());
    }

    /** Ours in a fresh JVM (its peak memory is this size's alone). */
    private static JsonObject runChild(String name, int steps, boolean profile) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss8m", "-cp", System.getProperty("java.class.path")));
        if (System.getProperty("textdive.root") != null) cmd.add("-Dtextdive.root=" + System.getProperty("textdive.root"));
        cmd.addAll(List.of(AwdLm.class.getName(), "--child", name, "--steps", "" + steps));
        if (profile) cmd.add("--profile");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("the textdive measurement of " + name + " failed:\n" + out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return JsonParser.parseString(last).getAsJsonObject();
    }

    /** Trains {@code steps} steps of the classifier on random reviews of {@code chunks * seq} tokens; returns JSON like the PyTorch script's. */
    static String oursClassifier(Size s, int steps) {
        Rng.seed(0);
        SplittableRandom r = new SplittableRandom(0);
        int len = s.chunks() * s.seq();
        List<ItemDataLoader.Item> items = new ArrayList<>();
        for (int i = 0; i < s.bs() * steps; i++) {
            int[] x = new int[len];
            for (int k = 0; k < len; k++) x[k] = 2 + r.nextInt(s.vocab() - 2);
            items.add(ItemDataLoader.Item.of(x, i % 2));
        }
        DataLoaders dls = ItemDataLoader.dsets(items, items.subList(0, s.bs())).bs(s.bs()).shuffle(false).dropLast(true).build();
        AwdLstm.Config cfg = AwdLstm.Config.CLAS.withSizes(s.emb(), s.hid(), s.layers());
        SequentialRNN model = AwdLstm.textClassifier(s.vocab(), 2, cfg, 0.5, s.seq(), len);
        try (Learner learn = new TextLearner(dls, model, Losses.crossEntropy())) {
            learn.splitter(AwdLstm::clasSplit);
            return timeSteps(learn, model, s);
        }
    }

    /** Trains {@code steps} steps of the language model on random tokens; returns JSON like the PyTorch script's. */
    static String ours(Size s, int steps) {
        Rng.seed(0);
        SplittableRandom r = new SplittableRandom(0);
        int[] stream = new int[s.bs() * s.seq() * steps + 1];
        for (int i = 0; i < stream.length; i++) stream[i] = r.nextInt(s.vocab());
        int[] small = new int[s.bs() * 2 + 1];
        LMDataLoader train = new LMDataLoader(List.of(stream), s.bs(), s.seq(), false, 0);
        LMDataLoader valid = new LMDataLoader(List.of(small), s.bs(), 1, false, 0);
        AwdLstm.Config cfg = AwdLstm.Config.LM.withSizes(s.emb(), s.hid(), s.layers());
        SequentialRNN model = AwdLstm.languageModel(s.vocab(), cfg, 0.3);
        try (Learner learn = new TextLearner(new DataLoaders(train, valid), model, Losses.crossEntropyFlat())) {
            return timeSteps(learn, model, s);
        }
    }

    /** One epoch of training, each step timed (wall and CPU); the median of the steps after the first as JSON. */

    /** One epoch of training, each step timed (wall and CPU); the median of the steps after the first as JSON. */
    private static String timeSteps(Learner learn, SequentialRNN model, Size s) {
        List<Double> stepSeconds = new ArrayList<>();
        List<Double> stepCpu = new ArrayList<>();
        learn.recorder().silent(true);
        long[] last = {System.nanoTime()};
        double[] lastCpu = {Machine.cpuSeconds()};
        learn.addCb(new Callback() {
            @Override
            public void beforeTrain(Learner l) {
                last[0] = System.nanoTime();
                lastCpu[0] = Machine.cpuSeconds();
            }

            @Override
            public void afterBatch(Learner l) {
                long now = System.nanoTime();
                double cpu = Machine.cpuSeconds();
                stepSeconds.add((now - last[0]) / 1e9);
                stepCpu.add(cpu - lastCpu[0]);
                last[0] = now;
                lastCpu[0] = cpu;
            }
        });
        learn.fit(1, 1e-3);
        double median = median(stepSeconds.subList(1, stepSeconds.size()));
        return String.format(Locale.ROOT, "{\"framework\": \"textdive\", \"params\": %d, \"step_s\": %.4f, \"tokens_per_s\": %.1f, \"steps_s\": %s, \"step_cpu_s\": %.4f, \"peak_rss_gb\": %.3f}",
                model.numParameters(), median, s.tokensPerStep() / median, stepSeconds, median(stepCpu.subList(1, stepCpu.size())), Machine.peakRssMb() / 1024.0);
    }

    static double median(List<Double> xs) {
        List<Double> v = new ArrayList<>(xs);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
