package textdive.ulmfit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import textdive.config.CommandLine;
import textdive.config.Settings;
import textdive.course.Scale;
import textdive.data.LMDataLoader;
import textdive.data.SeekableLoader;
import textdive.data.TextDataLoaders;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.learn.Metrics;
import textdive.models.Pretrained;
import textdive.nn.Rng;
import textdive.text.Numericalize;
import textdive.text.TokenCounter;

/**
 * ULMFiT's stage 1 at a {@link UlmfitScale}: an AWD-LSTM language model trained from scratch on general English
 * ({@link GeneralEnglish}), evaluated on held-out Penn Treebank and WikiText-2 text, and kept in the model cache beside
 * the dataset cache ({@code <TEXTDIVE_DATA>/models}) with where it came from, so that notebooks and benchmarks reuse it
 * instead of training it again:
 * <pre>
 * ./textdive pretrain [--scale cpu] [--backwards] [--force]
 * </pre>
 */
public final class Pretrain {
    /** The trained model, its perplexity on each held-out set, its training history and its wall time. */
    public record Result(Pretrained model, Map<String, Double> perplexity, String history, double seconds) {
    }

    private Pretrain() {
    }

    /** Where the stage-1 model of this scale and direction is cached. */
    public static Path cacheFile(UlmfitScale s, boolean backwards) {
        return Settings.dataDir().resolve("models").resolve("stage1-" + s.name() + "-" + (backwards ? "bwd" : "fwd") + ".weights");
    }

    /**
     * The cached stage-1 model of this scale and direction, or null when there is none, or when the one there was made
     * with other sizes (the scale's settings changed since): a stale cache is never used.
     */
    public static Pretrained cached(UlmfitScale s, boolean backwards) throws IOException {
        Path f = cacheFile(s, backwards);
        if (!Files.isRegularFile(f)) return null;
        Pretrained p = Pretrained.load(f);
        var c = p.config();
        boolean same = c.embSz() == s.lm().embSz() && c.nHid() == s.lm().nHid() && c.nLayers() == s.lm().nLayers() && p.vocab().size() <= s.maxVocab() + 8;
        return same && p.backwards() == backwards ? p : null;
    }

    /** The cached model, trained (and cached) first when there is none. */
    public static Pretrained cachedOrTrain(UlmfitScale s, boolean backwards) throws IOException {
        Pretrained p = cached(s, backwards);
        return p != null ? p : train(s, backwards).model();
    }

    /** The held-out texts: Penn Treebank valid and test, WikiText-2 valid. */
    public static Map<String, List<List<String>>> heldOut() throws IOException {
        Path ptb = UntarData.untarData(URLs.PTB), wt2 = UntarData.untarData(URLs.WIKITEXT2);
        Map<String, List<List<String>>> m = new LinkedHashMap<>();
        m.put("PTB valid", GeneralEnglish.ptb(ptb.resolve("ptb.valid.txt")));
        m.put("PTB test", GeneralEnglish.ptb(ptb.resolve("ptb.test.txt")));
        m.put("WikiText-2 valid", GeneralEnglish.wikitext(wt2.resolve("valid.txt")));
        return m;
    }

    /** The stage-1 training text of a scale: Penn Treebank train (all or its first lines), plus WikiText-2 test. */
    public static List<List<String>> trainingText(UlmfitScale s) throws IOException {
        List<List<String>> docs = new ArrayList<>(GeneralEnglish.ptb(UntarData.untarData(URLs.PTB).resolve("ptb.train.txt")));
        if (s.stage1().ptbLines() > 0) docs = new ArrayList<>(docs.subList(0, Math.max(1, Math.min(docs.size(), s.stage1().ptbLines() / GeneralEnglish.PTB_SENTENCES_PER_DOC))));
        if (s.stage1().wikitext()) docs.addAll(GeneralEnglish.wikitext(UntarData.untarData(URLs.WIKITEXT2).resolve("test.txt")));
        return docs;
    }

    /** The DataLoaders of stage 1: the training text, validated on Penn Treebank's valid split. */
    public static TextDataLoaders dataLoaders(UlmfitScale s, boolean backwards) throws IOException {
        List<List<String>> train = trainingText(s);
        TokenCounter counter = new TokenCounter();
        for (List<String> d : train) counter.addAll(d);
        Numericalize vocab = Numericalize.fromCounter(counter, 3, s.maxVocab());
        List<List<String>> valid = heldOut().get("PTB valid");
        var st = s.stage1();
        return new TextDataLoaders(new LMDataLoader(ids(train, vocab, backwards), st.bs(), st.seqLen(), true, 42),
                new LMDataLoader(ids(valid, vocab, backwards), st.bs(), st.seqLen(), false, 42), vocab, null, null, backwards);
    }

    static List<int[]> ids(List<List<String>> docs, Numericalize vocab, boolean backwards) {
        List<int[]> out = new ArrayList<>(docs.size());
        for (List<String> d : docs) {
            int[] ids = vocab.encode(d);
            if (backwards) {
                for (int i = 0, j = ids.length - 1; i < j; i++, j--) {
                    int t = ids[i];
                    ids[i] = ids[j];
                    ids[j] = t;
                }
            }
            out.add(ids);
        }
        return out;
    }

    /** Perplexity of a language model on held-out documents (the state carried through each set, as training does). */
    public static double perplexity(LMLearner learn, List<List<String>> docs, int bs, int seqLen) {
        TextDataLoaders dls = learn.textDls();
        LMDataLoader dl = new LMDataLoader(ids(docs, dls.vocab(), dls.backwards()), bs, seqLen, false, 42);
        return Math.exp(learn.validate(dl)[0]);
    }

    /**
     * Trains the stage-1 model of a scale from scratch, evaluates it and caches it.
     *
     * <p>The forwards model is the one notebook 08 trains, to the last bit, so that the notebook and
     * {@code ./textdive pretrain} cache the same file: the notebook shows a training batch first, which draws the
     * loader's first shuffle, so training starts at its second; this method starts there too. It matters:
     * at the {@code cpu} scale, training from the first shuffle instead ends at perplexity 144.6 on PTB valid, not
     * 123.5 (README, "What the CPU scale reaches"). The backwards model has no notebook and trains from the first
     * shuffle, as it always has.
     */
    public static Result train(UlmfitScale s, boolean backwards) throws IOException {
        long t0 = System.nanoTime();
        Rng.seed(42);
        TextDataLoaders dls = dataLoaders(s, backwards);
        if (!backwards) ((SeekableLoader) dls.train()).seekEpoch(1); // past notebook 08's dls.showBatch(2, 24)
        LMLearner learn = LMLearner.languageModelLearner(dls, s.lm()).dropMult(s.stage1().dropMult()).metrics(Metrics.accuracy(), Metrics.perplexity()).build();
        try {
            learn.fitOneCycle(s.stage1().epochs(), s.stage1().lr());
            Map<String, Double> ppl = evaluate(learn, s);
            return save(learn, s, ppl, (System.nanoTime() - t0) / 1e9);
        } finally {
            learn.close();
        }
    }

    /** Perplexity on each held-out set. */
    public static Map<String, Double> evaluate(LMLearner learn, UlmfitScale s) throws IOException {
        Map<String, Double> ppl = new LinkedHashMap<>();
        for (var e : heldOut().entrySet()) ppl.put(e.getKey(), perplexity(learn, e.getValue(), s.stage1().bs(), s.stage1().seqLen()));
        return ppl;
    }

    /** Perplexities as one line, "name 12.3, name 45.6", for a table cell or a model's provenance. */
    public static String rounded(Map<String, Double> ppl) {
        StringBuilder sb = new StringBuilder();
        ppl.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.1f", v)));
        return sb.toString();
    }

    /** Keeps a trained stage-1 model in the cache with what made it (sizes, data, schedule, perplexity, time, machine). */
    public static Result save(LMLearner learn, UlmfitScale s, Map<String, Double> ppl, double seconds) throws IOException {
        TextDataLoaders dls = learn.textDls();
        long tokens = ((LMDataLoader) dls.train()).rowLength() * (long) s.stage1().bs();
        boolean backwards = dls.backwards();
        String provenance = String.format(Locale.ROOT,
                "textdive stage 1, %s scale, %s: AWD-LSTM %d/%d/%d, vocab %d, trained from scratch on %s (%,d tokens) for %d epochs of one-cycle at lr %g, "
                        + "drop_mult %.2f, bs %d, seq %d, seed 42; perplexity %s; %.0f s on %s, %s",
                s.name(), backwards ? "backwards" : "forwards", s.lm().embSz(), s.lm().nHid(), s.lm().nLayers(), dls.vocab().size(),
                s.stage1().wikitext() ? "Penn Treebank train + WikiText-2 test" : "Penn Treebank train", tokens, s.stage1().epochs(), s.stage1().lr(),
                s.stage1().dropMult(), s.stage1().bs(), s.stage1().seqLen(), rounded(ppl), seconds, Runtime.getRuntime().availableProcessors() + " cores",
                Instant.now());
        Pretrained p = learn.export(provenance);
        p.save(cacheFile(s, backwards));
        return new Result(p, ppl, learn.recorder().history(), seconds);
    }

    public static void main(String[] args) throws IOException {
        UlmfitScale s = UlmfitScale.current();
        boolean backwards = false, force = false;
        CommandLine cl = new CommandLine("pretrain", "--scale ci|cpu|full, --backwards, --force", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--scale" -> s = cl.value(UlmfitScale::named);
                case "--backwards" -> backwards = true;
                case "--force" -> force = true;
                default -> throw cl.unknown();
            }
        }
        Path f = cacheFile(s, backwards);
        if (!force && Files.isRegularFile(f)) {
            System.out.println("cached: " + f + "\n" + Pretrained.load(f).provenance() + "\n(--force trains it again)");
            return;
        }
        System.out.println("pretrain: stage 1 at the " + s.name() + " scale (" + (backwards ? "backwards" : "forwards") + "), cached in " + f
                + " (the default scale is " + Scale.current() + ")");
        Result r = train(s, backwards);
        System.out.printf(Locale.ROOT, "%nstage 1 done in %.0f s; perplexity:%n", r.seconds());
        r.perplexity().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-18s %.1f%n", k, v));
        System.out.println("saved " + f);
    }
}
