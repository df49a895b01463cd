package textdive.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import textdive.config.CommandLine;
import textdive.data.TextDataLoaders;
import textdive.models.AwdLstm;
import textdive.models.Pretrained;
import textdive.ulmfit.Preds;
import textdive.ulmfit.Pretrain;
import textdive.ulmfit.Stages;
import textdive.ulmfit.UlmfitScale;

/**
 * {@code ./textdive bench small-lm [--scale ci|cpu] [--runs 3m,s1+3m,9m,9m-bwd] [--splits few,sample] [--reuse]}: the README's question "does a
 * cheaper language model reading more IMDb text do better in the hour than the recipe's?", as one table. Each run trains
 * a small AWD-LSTM language model (at the cpu scale embedding 200, LSTMs 400 and 200, vocab at most 12,000; at ci the
 * ci scale's sizes) with every dropout off, for one epoch of one cycle at 5e-3 over that many tokens of IMDb's
 * {@code train} and {@code unsup} (each token read once), then the scale's classifier (the book's four steps of gradual
 * unfreezing) on the few-labels split and on IMDB_SAMPLE (or the one of them {@code --splits} names); a forwards and a backwards run of the same kind add their
 * ensemble.
 *
 * <p>A run is named {@code [s1+]<tokens>[-bwd]}: {@code 9m} = 9 million tokens from random weights, {@code s1+3m} = 3
 * million after a one-epoch general-English stage 1 (Penn Treebank train + WikiText-2 test, as the scale's stage 1,
 * shared by every such run), {@code 9m-bwd} = backwards; {@code k} counts thousands. {@code --reuse} takes the
 * language models (and a stage 1 still needed) from the model cache when they are there; their rows then show no
 * training.
 */
public final class SmallLm {
    private SmallLm() {
    }

    /** One language model: its token budget (and the label it was asked by), whether stage 1 comes first, its direction. */
    record Run(String label, long tokens, boolean stage1, boolean backwards) {
        private static final Pattern SPEC = Pattern.compile("(s1\\+)?(\\d+)([km])(-bwd)?");

        static Run parse(String spec) {
            Matcher m = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
            if (!m.matches())
                throw new IllegalArgumentException("a run is [s1+]<tokens>k|m[-bwd], such as 9m, s1+3m or 9m-bwd; not '" + spec.trim() + "'");
            long n = Long.parseLong(m.group(2)) * (m.group(3).equals("k") ? 1_000L : 1_000_000L);
            if (n <= 0) throw new IllegalArgumentException("a run needs some tokens, not '" + spec.trim() + "'");
            return new Run(m.group(2) + m.group(3), n, m.group(1) != null, m.group(4) != null);
        }

        /** The comma-separated runs of {@code --runs}, each once, in the order given. */
        static List<Run> list(String specs) {
            List<Run> out = new ArrayList<>();
            for (String spec : specs.split(",", -1)) {
                Run r = parse(spec);
                if (out.contains(r)) throw new IllegalArgumentException("'" + spec.trim() + "' is named twice in '" + specs + "'");
                out.add(r);
            }
            return List.copyOf(out);
        }

        String name() {
            return (stage1 ? "s1+" : "") + label + (backwards ? "-bwd" : "");
        }

        /** The same run in the other direction. */
        Run twin() {
            return new Run(label, tokens, stage1, !backwards);
        }
    }

    private record Row(String what, String time, String speed, String lm, String few, String sample) {
    }

    /** A run's accuracies on both splits, kept for its twin's ensemble. */
    private record Scored(Preds few, Preds sample) {
        /** The mean of two runs' probabilities on each split both were scored on. */
        static Scored ensemble(Scored a, Scored b) {
            return new Scored(a.few() == null ? null : Preds.ensemble(a.few(), b.few()), a.sample() == null ? null : Preds.ensemble(a.sample(), b.sample()));
        }
    }

    public static void main(String[] args) throws IOException {
        UlmfitScale base = UlmfitScale.CPU;
        List<Run> runs = Run.list("3m,s1+3m,9m,9m-bwd");
        List<String> splits = List.of("few", "sample");
        boolean reuse = false;
        CommandLine cl = new CommandLine("bench small-lm", "--scale ci|cpu, --runs [s1+]<tokens>k|m[-bwd],..., --splits few,sample, --reuse", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--scale" -> base = cl.value(SmallLm::base);
                case "--runs" -> runs = cl.value(Run::list);
                case "--splits" -> splits = cl.choices(List.of("few", "sample"));
                case "--reuse" -> reuse = true;
                default -> throw cl.unknown();
            }
        }
        System.out.printf(Locale.ROOT, "small-lm: %s scale, %s, %d cores; runs %s; splits %s%s%n", base.name(), Machine.cpuModel(), Runtime.getRuntime().availableProcessors(),
                runs.stream().map(Run::name).toList(), splits, reuse ? "; language models reused from the cache where present" : "");
        long t0 = System.nanoTime();
        for (String split : splits) Ulmfit.dataset(base, split); // a missing dataset fails now, not after the first model
        List<Row> rows = new ArrayList<>();
        boolean finished = false;
        try {
            run(base, runs, splits, reuse, rows);
            finished = true;
        } finally {
            print(base, rows, t0, finished);
        }
    }

    /** The base scale of {@code --scale}: {@code ci} or {@code cpu} (the book's {@code full} needs no cheaper model). */
    static UlmfitScale base(String name) {
        UlmfitScale s = UlmfitScale.named(name);
        if (s == UlmfitScale.FULL) throw new IllegalArgumentException("the small language model is for the ci and cpu scales, not " + s.name());
        return s;
    }

    /**
     * The scale of one run: the small model on {@code tokens} of the base scale's IMDb text, its stage 1 one epoch, every
     * dropout off, one cycle at 5e-3 (after stage 1 with every layer trained from the start: no frozen epoch), the base
     * scale's classifier. Its name keys the model cache.
     */
    static UlmfitScale scale(UlmfitScale base, long tokens, String label) {
        boolean cpu = base == UlmfitScale.CPU;
        AwdLstm.Config lm = cpu ? AwdLstm.Config.LM.withSizes(200, 400, 2) : base.lm();
        var s1 = base.stage1();
        var s2 = base.stage2();
        return new UlmfitScale(base.name() + "-small" + (label.isEmpty() ? "" : "-" + label), lm, cpu ? 12_000 : base.maxVocab(),
                new UlmfitScale.Stage1(s1.ptbLines(), s1.wikitext(), s1.bs(), s1.seqLen(), 0.0, 1, 5e-3),
                new UlmfitScale.Stage2(s2.dataset(), s2.folders(), tokens, s2.bs(), s2.seqLen(), 0.0, 0, s2.frozenLr(), 1, 5e-3),
                base.stage3());
    }

    private static void run(UlmfitScale base, List<Run> runs, List<String> splits, boolean reuse, List<Row> rows) throws IOException {
        Pretrained[] stage1 = new Pretrained[2];
        Map<Run, Scored> scored = new LinkedHashMap<>();
        for (Run r : runs) {
            UlmfitScale s = scale(base, r.tokens(), r.label());
            TextDataLoaders lm = Stages.lmData(s, r.backwards());
            Path enc = reuse ? Stages.cachedEncoder(s, lm, r.stage1()) : null; // a cached language model needs no stage 1 either
            Stages.Outcome trained = null;
            if (enc == null) {
                int d = r.backwards() ? 1 : 0;
                if (r.stage1() && stage1[d] == null) stage1[d] = stage1(base, r.backwards(), reuse, rows);
                trained = Stages.fineTuneLm(s, lm, r.stage1() ? stage1[d] : null);
                enc = Stages.encoderFile(s, r.backwards(), r.stage1());
            }
            var st = s.stage3();
            Preds few = splits.contains("few") ? Stages.classifier(s, Stages.clasData(s, lm, r.backwards()), enc).getValue() : null;
            Preds sample = splits.contains("sample") ? Stages.classifier(s,
                    Ulmfit.splitData(s, "sample").get().vocab(lm.vocab()).bs(st.bs()).seqLen(st.seqLen()).backwards(r.backwards()).build(), enc).getValue() : null;
            String what = runName(base, r);
            rows.add(trained == null ? new Row(what + " (cached)", "–", "–", enc.getFileName().toString(), acc(few), acc(sample))
                    : new Row(what, Ulmfit.secs(trained.seconds()), Ulmfit.perSecond(trained.tokensPerSecond()),
                            String.format(Locale.ROOT, "%.4f / %.2f", trained.valid()[1], trained.valid()[2]), acc(few), acc(sample)));
            Scored mine = new Scored(few, sample), twin = scored.get(r.twin());
            scored.put(r, mine);
            if (twin != null) {
                Scored mean = Scored.ensemble(mine, twin);
                rows.add(new Row(runName(base, r.twin()).replace(", backwards", "") + " + backwards, ensemble (mean of the two)", "–", "–", "–", acc(mean.few()),
                        acc(mean.sample())));
            }
        }
    }

    /** The shared one-epoch stage 1 of a direction, trained (and cached) unless {@code reuse} finds it; adds its row. */
    private static Pretrained stage1(UlmfitScale base, boolean backwards, boolean reuse, List<Row> rows) throws IOException {
        UlmfitScale s = scale(base, 0, "");
        Pretrained cached = reuse ? Pretrain.cached(s, backwards) : null;
        String what = "stage 1 " + (backwards ? "backwards" : "forwards") + ": Penn Treebank + WikiText-2, one epoch";
        if (cached != null) {
            rows.add(new Row(what + " (cached)", "–", "–", cached.provenance(), "–", "–"));
            return cached;
        }
        Pretrain.Result r = Pretrain.train(s, backwards);
        rows.add(new Row(what, Ulmfit.secs(r.seconds()), "–", "perplexity " + Pretrain.rounded(r.perplexity()), "–", "–"));
        return r.model();
    }

    private static String runName(UlmfitScale base, Run r) {
        var lm = scale(base, r.tokens(), r.label()).lm();
        return String.format(Locale.ROOT, "%d/%d/%d, %s%s tokens once%s", lm.embSz(), lm.nHid(), lm.nLayers(), r.stage1() ? "stage 1 + " : "", r.label().toUpperCase(Locale.ROOT),
                r.backwards() ? ", backwards" : "");
    }

    private static String acc(Preds p) {
        return p == null ? "–" : String.format(Locale.ROOT, "%.4f", p.accuracy());
    }

    /** The table of the rows made so far; when the run stopped early (an error follows), it says so under them. */
    private static void print(UlmfitScale base, List<Row> rows, long t0, boolean finished) {
        var st = base.stage3();
        System.out.printf(Locale.ROOT, "%n| small language model, %s scale | its training | tokens/s | accuracy / perplexity (held-out 10 %%) | few labels (%d -> %d) | IMDB_SAMPLE (800 -> 200) |%n"
                + "|---|---|---|---|---|---|%n", base.name(), st.maxTrain(), st.maxValid());
        for (Row r : rows) System.out.printf("| %s | %s | %s | %s | %s | %s |%n", r.what(), r.time(), r.speed(), r.lm(), r.few(), r.sample());
        if (!finished) System.out.printf("%nstopped early: the rows above are the ones finished (the error follows)%n");
        System.out.printf(Locale.ROOT, "%ntotal %s on %s, %d cores%n", Ulmfit.secs((System.nanoTime() - t0) / 1e9), Machine.cpuModel(), Runtime.getRuntime().availableProcessors());
    }
}
