package textdive.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import textdive.text.Numericalize;
import textdive.text.SpecialTokens;
import textdive.text.Tokenizer;

/**
 * The classifier {@link TextDataLoaders} of a folder in fastai's IMDb layout, fastai's
 * {@code TextDataLoaders.from_folder(path, valid='test', text_vocab=dls_lm.vocab)}:
 * <pre>
 * var dlsClas = TextDataLoaders.classifier(path).train("train").valid("test").vocab(dlsLm.vocab()).bs(128).seqLen(72).build();
 * </pre>
 * Labels come from each file's parent folder ({@code parent_label}), the split from its grandparent
 * ({@code GrandparentSplitter(valid_name='test')}); a third label folder is a third class. Batches are sorted by
 * length (sortish while training) and padded to whole chunks of {@code seqLen}, padding chunks first, as
 * {@code SentenceEncoder} reads them. {@link #maxTrain} keeps a random, class-balanced subset of the training
 * texts (few labels); {@link #backwards()} reverses every text.
 */
public final class ClasDataBuilder {
    private final Path path;
    private String[] csvColumns;
    private String train = "train";
    private String valid = "valid";
    private Tokenizer tokenizer;
    private Numericalize vocab;
    private int bs = 64;
    private int valBs;
    private int seqLen = LMDataLoader.DEFAULT_SEQ_LEN;
    private long seed = 42;
    private boolean backwards;
    private int maxTrain = Integer.MAX_VALUE;
    private int maxValid = Integer.MAX_VALUE;

    ClasDataBuilder(Path path) {
        if (path == null) throw new IllegalArgumentException("classifier needs a folder, got null");
        this.path = path;
    }

    /** A CSV instead of a folder: texts, labels, and the column marking validation rows (IMDB_SAMPLE's {@code is_valid}). */
    ClasDataBuilder(Path csv, String textCol, String labelCol, String validCol) {
        this(csv);
        this.csvColumns = new String[] {textCol, labelCol, validCol};
    }

    /** The training folder (default {@code train}). */
    public ClasDataBuilder train(String folder) {
        this.train = folder;
        return this;
    }

    /** The validation folder (default {@code valid}; the book's IMDb classifier validates on {@code test}). */
    public ClasDataBuilder valid(String folder) {
        this.valid = folder;
        return this;
    }

    public ClasDataBuilder tokenizer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        return this;
    }

    /** The language model's vocab, so that the fine-tuned encoder reads the same ids. */
    public ClasDataBuilder vocab(Numericalize vocab) {
        this.vocab = vocab;
        return this;
    }

    public ClasDataBuilder bs(int bs) {
        if (bs < 2) throw new IllegalArgumentException("a classifier batch needs at least 2 texts (BatchNorm), got " + bs);
        this.bs = bs;
        return this;
    }

    /**
     * fastai's {@code val_bs}: texts per validation batch (default: {@link #bs}). A prediction pass keeps no activations
     * for a backward pass, so a large test set can go through in wider batches, which use the cores better than a
     * training batch size chosen for the optimiser. In eval mode BatchNorm uses its running statistics, so one text is a
     * batch too.
     */
    public ClasDataBuilder valBs(int valBs) {
        if (valBs < 1) throw new IllegalArgumentException("valBs must be >= 1, got " + valBs);
        this.valBs = valBs;
        return this;
    }

    public ClasDataBuilder seqLen(int seqLen) {
        if (seqLen < 1) throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        this.seqLen = seqLen;
        return this;
    }

    public ClasDataBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public ClasDataBuilder backwards() {
        this.backwards = true;
        return this;
    }

    public ClasDataBuilder backwards(boolean on) {
        this.backwards = on;
        return this;
    }

    /** At most {@code n} training texts, the same number from each class where possible (seeded). */
    public ClasDataBuilder maxTrain(int n) {
        if (n < 2) throw new IllegalArgumentException("maxTrain must be >= 2, got " + n);
        this.maxTrain = n;
        return this;
    }

    /** At most {@code n} validation texts, class-balanced (seeded). */
    public ClasDataBuilder maxValid(int n) {
        if (n < 2) throw new IllegalArgumentException("maxValid must be >= 2, got " + n);
        this.maxValid = n;
        return this;
    }

    public TextDataLoaders build() throws IOException {
        Tokenizer tkz = tokenizer != null ? tokenizer : TextDataLoaders.defaultTokenizer();
        TextDataLoaders.Labelled l = csvColumns != null ? TextDataLoaders.readCsv(tkz, path, csvColumns[0], csvColumns[1], csvColumns[2], vocab)
                : TextDataLoaders.readFolder(tkz, path, train, valid, vocab);
        Numericalize num = l.vocab();
        List<int[]> ids = l.ids();
        GrandparentSplitter.Split split = l.split();
        List<String> classes = TextDataLoaders.classes(l);
        int[] y = l.targets(classes);
        int[] tr = balanced(split.train(), y, maxTrain, new Random(seed));
        int[] va = balanced(split.valid(), y, maxValid, new Random(seed + 1));
        DataLoader trainDl = sorted(ids, y, tr, true);
        DataLoader validDl = sorted(ids, y, va, false);
        return new TextDataLoaders(trainDl, validDl, num, classes, tkz, backwards);
    }

    /** A text whose only tokens are the special ones the rules add (xxbos): the file was empty or blank. */
    static boolean isEmpty(List<String> tokens) {
        for (String t : tokens) if (!t.equals(SpecialTokens.BOS) && !t.equals(SpecialTokens.EOS)) return false;
        return true;
    }

    private SortedDL sorted(List<int[]> ids, int[] y, int[] idx, boolean training) {
        List<int[]> docs = new ArrayList<>(idx.length);
        int[] ys = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int[] d = ids.get(idx[k]);
            docs.add(backwards ? LmDataBuilder.reversed(d) : d);
            ys[k] = y[idx[k]];
        }
        return new SortedDL(docs, ys, training || valBs == 0 ? bs : valBs, seqLen, PadChunk.PAD_IDX, training, seed, true);
    }

    /** All of {@code idx} if it fits, else {@code max} of them, as many from each class as the classes allow, in file order. */
    static int[] balanced(int[] idx, int[] y, int max, Random rng) {
        if (idx.length <= max) return idx;
        int nClass = 0;
        for (int i : idx) nClass = Math.max(nClass, y[i] + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < nClass; c++) byClass.add(new ArrayList<>());
        for (int i : idx) byClass.get(y[i]).add(i);
        for (List<Integer> l : byClass) Collections.shuffle(l, rng);
        List<Integer> picked = new ArrayList<>();
        int round = 0;
        while (picked.size() < max) {
            boolean any = false;
            for (List<Integer> l : byClass) {
                if (round < l.size() && picked.size() < max) {
                    picked.add(l.get(round));
                    any = true;
                }
            }
            if (!any) break;
            round++;
        }
        Collections.sort(picked);
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }
}
