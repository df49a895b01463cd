package textdive.bench;

import static textdive.ulmfit.Stages.Notebook10Classifier.BACKWARDS;
import static textdive.ulmfit.Stages.Notebook10Classifier.FORWARDS;
import static textdive.ulmfit.Stages.Notebook10Classifier.IMDB_LM_ONLY;
import static textdive.ulmfit.Stages.Notebook10Classifier.NO_PRETRAINING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import textdive.config.CommandLine;
import textdive.config.Settings;
import textdive.data.ClasDataBuilder;
import textdive.data.SortedDL;
import textdive.data.TextDataLoaders;
import textdive.datasets.Checksums;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.models.Pretrained;
import textdive.ulmfit.BagOfWordsBaseline;
import textdive.ulmfit.Preds;
import textdive.ulmfit.PredsFile;
import textdive.ulmfit.Pretrain;
import textdive.ulmfit.Stages;
import textdive.ulmfit.UlmfitScale;

/**
 * {@code ./textdive bench ulmfit [--scale cpu] [--splits few,sample,subset,full] [--reuse] [--baselines-only]}: ULMFiT end to end at a
 * scale, one table. Stage 1 (general English, both directions), stage 2 (IMDb language models, both directions, and the
 * forwards one without stage 1; each only when a split uses it, see {@link Models}), stage 3 (classifiers): each stage's training wall time and training tokens per second
 * (a classifier's prediction pass after training is timed beside its accuracy); then the accuracy on each split beside
 * Tribuo's bag-of-words baseline on the same split, measured by this command; the ablation (no pretraining, the IMDb
 * language model only, stages 1 + 2); and forwards, backwards and ensemble.
 * {@code --reuse} takes stages 1 and 2 from the model cache when they are there (their rows then say so), and the
 * time-boxed full split's predictions of a direction when an earlier run made them from the same encoder and reviews
 * ({@link #fullPredsFile}: a run that stopped after one direction goes on with the other);
 * {@code --baselines-only} trains nothing but the bag-of-words baselines (a minute or two, the full split included).
 *
 * <p>Splits: {@code few} = ULMFiT's few-labels setting (at most the scale's labelled IMDb training reviews, tested on
 * held-out test reviews; the language models used the unlabelled text), {@code sample} = IMDB_SAMPLE's 800 -> 200,
 * {@code subset} = the 2,911-review subset's 1,000 -> 1,001, {@code full} = IMDb's 25,000 test reviews. At the
 * {@code cpu} scale the full split is time-boxed to about an hour on 2 cores: ULMFiT trains forwards and backwards on
 * {@value #FULL_CPU_TRAIN} of the 25,000 training reviews (one epoch a step, each epoch validated on the scale's few test
 * reviews); each is then tested on all 25,000 (in batches of {@value #FULL_TEST_BS}), and so is their ensemble; the bag
 * of words is shown trained on the same reviews and on all 25,000.
 */
public final class Ulmfit {
    private Ulmfit() {
    }

    private record Row(String what, String time, String speed, String result) {
    }

    /**
     * Labelled reviews ULMFiT trains on in the full split at the cpu scale: both directions, four epochs each, and a pass of
     * each over the 25,000 test reviews (in batches of {@value #FULL_TEST_BS}) took 58.1 minutes alone on 2 cores (AMD EPYC),
     * the bag-of-words baselines 2.2 more.
     */
    static final int FULL_CPU_TRAIN = 5_000;

    /**
     * Batch size of the full split's pass over the 25,000 test reviews. Prediction needs no gradients, so bigger batches
     * than training's keep the cores busier: at the cpu scale the forwards classifier's pass over all 25,000 took 13.3
     * minutes in training's batches of 16 and 9.7 in batches of 64 (2 cores, AMD EPYC, alone).
     */
    static final int FULL_TEST_BS = 64;

    public static void main(String[] args) throws IOException {
        UlmfitScale s = UlmfitScale.CPU;
        List<String> splits = List.of("few", "sample", "subset", "full");
        boolean reuse = false, baselinesOnly = false;
        CommandLine cl = new CommandLine("bench ulmfit", "--scale ci|cpu|full, --splits few,sample,subset,full, --reuse, --baselines-only", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--scale" -> s = cl.value(UlmfitScale::named);
                case "--splits" -> splits = cl.choices(List.of("few", "sample", "subset", "full"));
                case "--reuse" -> reuse = true;
                case "--baselines-only" -> baselinesOnly = true;
                default -> throw cl.unknown();
            }
        }
        System.out.printf(Locale.ROOT, "ulmfit: %s scale, %s, %d cores; splits %s%s%n", s.name(), Machine.cpuModel(), Runtime.getRuntime().availableProcessors(),
                splits, reuse ? "; stages 1-2 reused from the cache where present" : "");
        List<Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        // every split's reviews before anything trains: a dataset the cache and the mirror lack fails now, not an hour in
        for (String split : splits) dataset(s, split);
        boolean finished = false;
        try {
            if (baselinesOnly) {
                for (String split : splits) baselines(s, split, rows);
            } else {
                stages(s, splits, reuse, rows);
            }
            finished = true;
        } finally {
            print(s, rows, t0, finished);
        }
    }

    /**
     * The stage-1 and stage-2 models a run's splits use, so that a run trains no model it will not read: the backwards
     * ones for the ensembles (few labels, the time-boxed full split), the forwards one without stage 1 for the few-labels
     * ablation. The forwards models every split uses.
     */
    record Models(boolean backwards, boolean withoutStage1) {
        static Models neededBy(UlmfitScale s, List<String> splits) {
            boolean few = splits.contains("few");
            return new Models(few || splits.stream().anyMatch(split -> timeBoxed(s, split)), few);
        }
    }

    /** Stages 1 and 2 (from the cache with {@code reuse}) as the splits need them, then each split's classifiers, each adding its rows. */
    private static void stages(UlmfitScale s, List<String> splits, boolean reuse, List<Row> rows) throws IOException {
        Models needed = Models.neededBy(s, splits);
        // stage 1
        Pretrained[] stage1 = new Pretrained[2];
        for (int d = 0; d < (needed.backwards() ? 2 : 1); d++) {
            boolean bwd = d == 1;
            Pretrained cached = reuse ? Pretrain.cached(s, bwd) : null;
            if (cached != null) {
                stage1[d] = cached;
                rows.add(new Row("stage 1 " + dir(bwd) + " (cached)", "–", "–", cached.provenance()));
            } else {
                Pretrain.Result r = Pretrain.train(s, bwd);
                stage1[d] = r.model();
                rows.add(new Row("stage 1 " + dir(bwd) + ": PTB + WikiText-2, from scratch", secs(r.seconds()), "–", "perplexity " + Pretrain.rounded(r.perplexity())));
            }
        }

        // stage 2
        TextDataLoaders lmFwd = Stages.lmData(s, false), lmBwd = needed.backwards() ? Stages.lmData(s, true) : null;
        rows.add(stage2(s, lmFwd, stage1[0], reuse));
        if (needed.backwards()) rows.add(stage2(s, lmBwd, stage1[1], reuse));
        if (needed.withoutStage1()) rows.add(stage2(s, lmFwd, null, reuse));

        // stage 3 on each split
        for (String split : splits) {
            if (split.equals("few")) few(s, lmFwd, lmBwd, rows);
            else if (timeBoxed(s, split)) full(s, lmFwd, lmBwd, reuse, rows);
            else other(s, split, lmFwd, rows);
        }
    }

    /** The table of the rows made so far; when the run stopped early (an error follows), it says so under them. */
    private static void print(UlmfitScale s, List<Row> rows, long t0, boolean finished) {
        System.out.printf(Locale.ROOT, "%n| ULMFiT, %s scale | wall time | training tokens/s | result |%n|---|---|---|---|%n", s.name());
        for (Row r : rows) System.out.printf("| %s | %s | %s | %s |%n", r.what(), r.time(), r.speed(), r.result());
        if (!finished) System.out.printf("%nstopped early: the rows above are the ones finished (the error follows)%n");
        System.out.printf(Locale.ROOT, "%ntotal %s on %s, %d cores%n", secs((System.nanoTime() - t0) / 1e9), Machine.cpuModel(), Runtime.getRuntime().availableProcessors());
    }

    private static String splitName(UlmfitScale s, String split) {
        return switch (split) {
            case "few" -> "few labels (" + s.stage3().maxTrain() + " -> " + s.stage3().maxValid() + " IMDb reviews)";
            case "sample" -> "IMDB_SAMPLE (800 -> 200)";
            case "subset" -> "IMDb subset (1,000 -> 1,001)";
            case "full" -> fullName(s);
            default -> throw new IllegalArgumentException("unknown split " + split + " (few, sample, subset, full)");
        };
    }

    /** The folder of a split's dataset, fetched and unpacked now if the cache lacks it. */
    static Path dataset(UlmfitScale s, String split) {
        return switch (split) {
            case "few", "full" -> Stages.imdb(s);
            case "sample" -> UntarData.untarData(URLs.IMDB_SAMPLE);
            case "subset" -> UntarData.untarData(URLs.IMDB_SUBSET);
            default -> throw new IllegalArgumentException("unknown split " + split + " (few, sample, subset, full)");
        };
    }

    /** The labelled reviews of a split other than {@code few} (whose data depends on the scale's sizes). */
    static Supplier<ClasDataBuilder> splitData(UlmfitScale s, String split) {
        splitName(s, split);
        return switch (split) {
            case "sample" -> () -> TextDataLoaders.classifierFromCsv(dataset(s, split).resolve("texts.csv"), "text", "label", "is_valid");
            case "subset", "full" -> () -> TextDataLoaders.classifier(dataset(s, split)).train("train").valid("test");
            default -> throw new IllegalArgumentException("the " + split + " split's reviews depend on the scale: use Stages.clasData");
        };
    }

    private static Row stage2(UlmfitScale s, TextDataLoaders dls, Pretrained stage1, boolean reuse) throws IOException {
        String what = "stage 2 " + dir(dls.backwards()) + ": IMDb language model" + (stage1 == null ? " without stage 1" : "");
        Path enc = reuse ? Stages.cachedEncoder(s, dls, stage1 != null) : null;
        if (enc != null) return new Row(what + " (cached)", "–", "–", enc.getFileName().toString());
        Stages.Outcome o = Stages.fineTuneLmAsNotebook09(s, dls, stage1);
        return new Row(what, secs(o.seconds()), perSecond(o.tokensPerSecond()),
                String.format(Locale.ROOT, "valid accuracy %.4f, perplexity %.2f", o.valid()[1], o.valid()[2]));
    }

    /** The few-labels split: forwards, backwards, ensemble, the baseline, and the ablation, each classifier as notebook 10 trains it. */
    private static void few(UlmfitScale s, TextDataLoaders lmFwd, TextDataLoaders lmBwd, List<Row> rows) throws IOException {
        TextDataLoaders fwd = Stages.clasData(s, lmFwd, false), bwd = Stages.clasData(s, lmBwd, true);
        String split = "few labels (" + s.stage3().maxTrain() + " -> " + ((SortedDL) fwd.valid()).numItems() + " IMDb reviews)";
        var f = Stages.classifierAsNotebook10(s, fwd, Stages.encoder(s, lmFwd, true), FORWARDS);
        rows.add(clasRow(split + ", forwards (stages 1 + 2)", f));
        var b = Stages.classifierAsNotebook10(s, bwd, Stages.encoder(s, lmBwd, true), BACKWARDS);
        rows.add(clasRow(split + ", backwards", b));
        rows.add(ensembleRow(split, f.getValue(), b.getValue()));
        rows.add(baseline(split, Stages.clasData(s, null, false)));
        var none = Stages.classifierAsNotebook10(s, fwd, null, NO_PRETRAINING);
        rows.add(clasRow(split + ", ablation: no pretraining", none));
        var imdbOnly = Stages.classifierAsNotebook10(s, fwd, Stages.encoder(s, lmFwd, false), IMDB_LM_ONLY);
        rows.add(clasRow(split + ", ablation: IMDb language model only", imdbOnly));
    }

    /** Another split: the forwards classifier from the IMDb encoder, and the baseline. */
    private static void other(UlmfitScale s, String split, TextDataLoaders lm, List<Row> rows) throws IOException {
        var st = s.stage3();
        TextDataLoaders dls = splitData(s, split).get().vocab(lm.vocab()).bs(st.bs()).seqLen(st.seqLen()).build();
        rows.add(clasRow(splitName(s, split) + ", forwards (stages 1 + 2)", Stages.classifier(s, dls, Stages.encoder(s, lm, true))));
        baselines(s, split, rows);
    }

    /** Whether the full split is time-boxed at this scale (all but {@code full}, where it is the book's). */
    private static boolean timeBoxed(UlmfitScale s, String split) {
        return split.equals("full") && s != UlmfitScale.FULL;
    }

    /**
     * The bag-of-words rows of a split, on its own vocab: one, or for the time-boxed full split two (trained on the same
     * reviews as ULMFiT, and on all 25,000; both tested on all 25,000).
     */
    private static void baselines(UlmfitScale s, String split, List<Row> rows) throws IOException {
        var st = s.stage3();
        if (split.equals("few")) {
            rows.add(baseline(splitName(s, split), Stages.clasData(s, null, false)));
            return;
        }
        if (timeBoxed(s, split)) {
            TextDataLoaders used = splitData(s, split).get().bs(st.bs()).seqLen(st.seqLen()).maxTrain(FULL_CPU_TRAIN).build();
            rows.add(baseline(fullSplitName(s, used), used));
        }
        TextDataLoaders all = splitData(s, split).get().bs(st.bs()).seqLen(st.seqLen()).build();
        rows.add(baseline(splitName(s, split) + (split.equals("full") ? " (" + count(all, true) + " -> " + count(all, false) + ")" : ""), all));
    }

    /**
     * The full split within the hour: ULMFiT (stages 1 + 2) trained forwards and backwards on {@link #FULL_CPU_TRAIN}
     * training reviews, each tested on all 25,000 test reviews, and their ensemble; the bag of words on the same training
     * reviews and on all of them.
     */
    private static void full(UlmfitScale s, TextDataLoaders lmFwd, TextDataLoaders lmBwd, boolean reuse, List<Row> rows) throws IOException {
        var st = s.stage3();
        Preds f = null, b = null;
        String name = null;
        for (TextDataLoaders lm : List.of(lmFwd, lmBwd)) {
            Supplier<ClasDataBuilder> reviews = () -> splitData(s, "full").get().vocab(lm.vocab())
                    .bs(st.bs()).seqLen(st.seqLen()).maxTrain(FULL_CPU_TRAIN).backwards(lm.backwards());
            TextDataLoaders dls = reviews.get().maxValid(st.maxValid()).build(), all = reviews.get().valBs(FULL_TEST_BS).build();
            name = fullSplitName(s, all);
            String what = name + (lm.backwards() ? ", backwards" : ", forwards (stages 1 + 2)");
            Path encoder = Stages.encoder(s, lm, true), saved = fullPredsFile(s, lm.backwards());
            String fingerprint = fingerprint(s, encoder, dls, all);
            PredsFile cached = reuse ? cachedPreds(saved, fingerprint) : null;
            Preds p;
            if (cached != null) {
                p = cached.preds();
                rows.add(new Row(what + " (cached)", "–", "–", acc(p) + ", as " + cached.about()));
            } else {
                var r = Stages.classifier(s, dls, encoder, all.valid());
                Row row = clasRow(what, r);
                rows.add(row);
                p = r.getValue();
                new PredsFile(p, fingerprint, String.format(Locale.ROOT, "trained in %s (%s training tokens/s) and predicted in %s on %s, %s, %d cores", row.time(),
                        row.speed(), secs(r.getKey().predictSeconds()), LocalDate.now(ZoneOffset.UTC), Machine.cpuModel(), Runtime.getRuntime().availableProcessors())).save(saved);
            }
            if (lm.backwards()) b = p;
            else f = p;
        }
        rows.add(ensembleRow(name, f, b));
        baselines(s, "full", rows);
    }

    /**
     * Where the time-boxed full split keeps a classifier's predictions on the 25,000 test reviews, so that {@code --reuse}
     * can go on from a run that stopped after one direction (on a slow machine the two take longer than a sitting).
     */
    static Path fullPredsFile(UlmfitScale s, boolean backwards) {
        return Settings.dataDir().resolve("models").resolve("clas-preds-" + s.name() + "-full-" + (backwards ? "bwd" : "fwd") + ".preds");
    }

    /** The kept predictions if the file is there and was made by the same encoder, reviews and settings; else null. */
    static PredsFile cachedPreds(Path file, String fingerprint) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        PredsFile p = PredsFile.load(file);
        return p.fingerprint().equals(fingerprint) ? p : null;
    }

    /**
     * SHA-256 of what a full-split classifier's predictions depend on: the scale's classifier settings, the encoder file's
     * bytes, the vocab, and every training, validation and test review's tokens and label, so that a changed tokenizer,
     * encoder or setting is never answered from the cache. The library's own code is not in it: after changing how a
     * classifier trains or predicts, delete the kept files (or run without {@code --reuse}).
     */
    static String fingerprint(UlmfitScale s, Path encoder, TextDataLoaders dls, TextDataLoaders test) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((s.name() + "|" + s.clas() + "|" + s.stage3() + "|" + FULL_TEST_BS + "|" + Checksums.sha256(encoder) + "|" + dls.vocab().vocab())
                    .getBytes(StandardCharsets.UTF_8));
            for (var dl : List.of(dls.train(), dls.valid(), test.valid())) {
                SortedDL sorted = (SortedDL) dl;
                for (int i = 0; i < sorted.numItems(); i++) {
                    int[] doc = sorted.docs().get(i);
                    ByteBuffer bytes = ByteBuffer.allocate(4 * (doc.length + 2)).putInt(sorted.labels()[i]).putInt(doc.length);
                    for (int t : doc) bytes.putInt(t);
                    md.update(bytes.array());
                }
                md.update(ByteBuffer.allocate(4).putInt(sorted.numItems()).array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The time-boxed full split's name, with the review counts as loaded (the ci scale's "full" split is the IMDb subset). */
    private static String fullSplitName(UlmfitScale s, TextDataLoaders used) {
        return splitName(s, "full") + ", time-boxed (" + count(used, true) + " training reviews -> all " + count(used, false) + " test reviews)";
    }

    private static String fullName(UlmfitScale s) {
        return s.stage3().dataset().equals("IMDB") ? "full IMDb" : s.stage3().dataset() + " as the full split";
    }

    /** How many reviews the training (or validation) loader of classifier DataLoaders holds. */
    private static String count(TextDataLoaders dls, boolean train) {
        return String.format(Locale.ROOT, "%,d", ((SortedDL) (train ? dls.train() : dls.valid())).numItems());
    }

    private static Row baseline(String split, TextDataLoaders dls) {
        long t0 = System.nanoTime();
        var r = new BagOfWordsBaseline().fit(dls);
        return new Row(split + ", Tribuo bag of words (tf-idf, logistic regression)", secs((System.nanoTime() - t0) / 1e9), "–", acc(r.preds()));
    }

    /** The row of the mean of a forwards and a backwards classifier's probabilities on the same reviews. */
    private static Row ensembleRow(String split, Preds f, Preds b) {
        return new Row(split + ", ensemble (mean of forwards and backwards)", "–", "–", acc(Preds.ensemble(f, b)));
    }

    private static Row clasRow(String what, Map.Entry<Stages.Outcome, Preds> r) {
        Stages.Outcome o = r.getKey();
        return new Row(what, secs(o.seconds()), perSecond(o.tokensPerSecond()), acc(r.getValue()) + ", predicted in " + secs(o.predictSeconds()));
    }

    private static String acc(Preds p) {
        return String.format(Locale.ROOT, "accuracy %.4f", p.accuracy());
    }

    private static String dir(boolean backwards) {
        return backwards ? "backwards" : "forwards";
    }

    /** A rate such as tokens per second, whole and with thousands separators, as both benchmarks print it. */
    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    static String secs(double s) {
        return s >= 120 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.0f s", s);
    }
}
