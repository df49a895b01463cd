package textdive.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import textdive.text.Numericalize;
import textdive.text.SpecialTokens;
import textdive.text.TokenCounter;
import textdive.text.TokenizeFolder;
import textdive.text.TokenizedCorpus;
import textdive.text.Tokenizer;

/**
 * The language-model {@link TextDataLoaders} of a folder of texts, fastai's
 * {@code TextDataLoaders.from_folder(path, is_lm=True, valid_pct=0.1)} with named options:
 * <pre>
 * var dlsLm = TextDataLoaders.languageModel(path).folders("train", "test", "unsup").validPct(0.1).bs(128).seqLen(80).build();
 * </pre>
 * Every {@code .txt} under the folders is a document; a random {@code validPct} of them is held out. The vocab is
 * built from the documents used, or given ({@link #vocab}) to share a pretrained model's. {@link #backwards()} reverses
 * every document (ULMFiT's second model); {@link #randomBptt()} draws each batch's length as fastai 0.7 did;
 * {@link #maxTokens} keeps a random subset of the documents (the CPU scale's token budget).
 */
public final class LmDataBuilder {
    private final Path path;
    private List<String> folders = List.of("train", "test", "unsup");
    private Tokenizer tokenizer;
    private Numericalize vocab;
    private int maxVocab = Numericalize.DEFAULT_MAX_VOCAB;
    private int minFreq = Numericalize.DEFAULT_MIN_FREQ;
    private double validPct = 0.1;
    private int bs = LMDataLoader.DEFAULT_BS;
    private int seqLen = LMDataLoader.DEFAULT_SEQ_LEN;
    private long seed = 42;
    private boolean backwards;
    private boolean randomBptt;
    private long maxTokens = Long.MAX_VALUE;

    LmDataBuilder(Path path) {
        if (path == null) throw new IllegalArgumentException("languageModel needs a folder, got null");
        this.path = path;
    }

    /** The sub-folders whose texts are read (default: train, test, unsup, as the book's IMDb language model). */
    public LmDataBuilder folders(String... folders) {
        return folders(folders == null ? null : Arrays.asList(folders));
    }

    /** {@link #folders(String...)} from a list (a scale's settings). */
    public LmDataBuilder folders(List<String> folders) {
        if (folders == null || folders.isEmpty()) throw new IllegalArgumentException("at least one folder, got " + folders);
        for (String f : folders)
            if (f == null || f.isBlank()) throw new IllegalArgumentException("folders must be folder names, got " + (f == null ? "null" : "'" + f + "'") + " in " + folders);
        this.folders = List.copyOf(new LinkedHashSet<>(folders)); // a folder given twice is read once, as fastai's get_files
        return this;
    }

    public LmDataBuilder tokenizer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        return this;
    }

    /** A fixed vocab (a pretrained model's, or the language model's for its classifier). */
    public LmDataBuilder vocab(Numericalize vocab) {
        this.vocab = vocab;
        return this;
    }

    /**
     * fastai's {@code max_vocab} (60,000) and {@code min_freq} (3) when the vocab is built here. As in fastai's
     * {@code make_vocab}, {@code minFreq} 0 keeps every token (as 1 does), and {@code maxVocab} must leave room for the
     * special tokens, which come first.
     */
    public LmDataBuilder maxVocab(int maxVocab, int minFreq) {
        int specials = SpecialTokens.ALL.size();
        if (maxVocab < specials || minFreq < 0)
            throw new IllegalArgumentException("maxVocab >= " + specials + " (the special tokens) and minFreq >= 0, got " + maxVocab + ", " + minFreq);
        this.maxVocab = maxVocab;
        this.minFreq = minFreq;
        return this;
    }

    public LmDataBuilder validPct(double validPct) {
        if (!(validPct > 0 && validPct < 1)) throw new IllegalArgumentException("validPct must be in (0, 1), got " + validPct);
        this.validPct = validPct;
        return this;
    }

    public LmDataBuilder bs(int bs) {
        if (bs < 1) throw new IllegalArgumentException("bs must be >= 1, got " + bs);
        this.bs = bs;
        return this;
    }

    public LmDataBuilder seqLen(int seqLen) {
        if (seqLen < 1) throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        this.seqLen = seqLen;
        return this;
    }

    public LmDataBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Every document read last token first: the backwards language model ULMFiT averages with the forward one. */
    public LmDataBuilder backwards() {
        this.backwards = true;
        return this;
    }

    public LmDataBuilder backwards(boolean on) {
        this.backwards = on;
        return this;
    }

    /** fastai 0.7's randomized BPTT for the training batches: lengths from N(seqLen, 5), halved 5 % of the time. */
    public LmDataBuilder randomBptt() {
        this.randomBptt = true;
        return this;
    }

    /** At most this many tokens: whole documents in a random (seeded) order until the budget is used. */
    public LmDataBuilder maxTokens(long maxTokens) {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        this.maxTokens = maxTokens;
        return this;
    }

    public TextDataLoaders build() throws IOException {
        Tokenizer tkz = tokenizer != null ? tokenizer : TextDataLoaders.defaultTokenizer();
        TokenizedCorpus corpus = TokenizeFolder.tokenizeFolder(tkz, path, folders.toArray(new String[0]));
        if (corpus.size() == 0) throw new IllegalArgumentException("no .txt files under " + path + " in " + folders);
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < corpus.size(); d++) order.add(d);
        Collections.shuffle(order, new Random(seed));
        List<Integer> used = new ArrayList<>();
        long tokens = 0;
        for (int d : order) {
            if (tokens >= maxTokens) break;
            used.add(d);
            tokens += corpus.length(d);
        }
        Numericalize num = vocab;
        if (num == null) {
            if (used.size() == corpus.size()) {
                num = Numericalize.fromCounter(corpus.counter(), minFreq, maxVocab);
            } else {
                TokenCounter counter = new TokenCounter();
                for (int d : used) counter.addAll(corpus.tokens(d));
                num = Numericalize.fromCounter(counter, minFreq, maxVocab);
            }
        }
        List<int[]> all = num.encode(corpus);
        List<int[]> docs = new ArrayList<>(used.size());
        for (int d : used) docs.add(backwards ? reversed(all.get(d)) : all.get(d));
        // the split is its own random draw, as fastai's RandomSplitter after the items are listed
        int[] perm = new int[docs.size()];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) idx.add(i);
        Collections.shuffle(idx, new Random(seed + 1));
        for (int i = 0; i < perm.length; i++) perm[i] = idx.get(i);
        int nValid = Math.max(1, (int) (validPct * docs.size()));
        if (nValid >= docs.size()) throw new IllegalArgumentException("too few documents (" + docs.size() + ") to hold out " + validPct + " of them");
        List<int[]> train = new ArrayList<>(), valid = new ArrayList<>();
        for (int k = 0; k < perm.length; k++) (k < nValid ? valid : train).add(docs.get(perm[k]));
        return new TextDataLoaders(loader("training", train, true), loader("validation", valid, false), num, null, tkz, backwards);
    }

    private LMDataLoader loader(String which, List<int[]> docs, boolean training) {
        try {
            return new LMDataLoader(docs, bs, seqLen, training, seed, training && randomBptt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + which + " set of " + path + " (" + docs.size() + " documents): " + e.getMessage(), e);
        }
    }

    static int[] reversed(int[] a) {
        int[] r = Arrays.copyOf(a, a.length);
        for (int i = 0, j = r.length - 1; i < j; i++, j--) {
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
        }
        return r;
    }
}
