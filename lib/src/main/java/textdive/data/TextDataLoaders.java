package textdive.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import textdive.text.Csv;
import textdive.text.Numericalize;
import textdive.text.SpecialTokens;
import textdive.text.TokenizeCsv;
import textdive.text.TokenizeFolder;
import textdive.text.TokenizedCorpus;
import textdive.text.Tokenizer;
import textdive.text.WordTokenizer;

/**
 * The training and validation loaders of a text task plus what is needed to read them: the
 * vocab, and for a classifier the class names. The factories do the whole chapter-10 pipeline:
 * tokenize (cached), numericalize, label, split, batch.
 */
public final class TextDataLoaders extends DataLoaders {
    private final Numericalize vocab;
    private final List<String> classes;
    private final Tokenizer tokenizer;
    private final boolean backwards;

    public TextDataLoaders(DataLoader train, DataLoader valid, Numericalize vocab, List<String> classes) {
        this(train, valid, vocab, classes, null, false);
    }

    /**
     * With the tokenizer that made the texts (to read new text the same way, as {@code predict} does) and whether
     * every text is reversed (the backwards model of ULMFiT's ensemble).
     */
    public TextDataLoaders(DataLoader train, DataLoader valid, Numericalize vocab, List<String> classes, Tokenizer tokenizer, boolean backwards) {
        super(train, valid);
        this.vocab = Objects.requireNonNull(vocab, "vocab");
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        this.tokenizer = tokenizer;
        this.backwards = backwards;
    }

    /** fastai's {@code TextDataLoaders.from_folder(path, is_lm=True)} as a builder: folders, split, batch sizes, direction. */
    public static LmDataBuilder languageModel(Path path) {
        return new LmDataBuilder(path);
    }

    /** fastai's {@code TextDataLoaders.from_folder(path, valid=...)} for a classifier, as a builder: folders, vocab, batch sizes, direction. */
    public static ClasDataBuilder classifier(Path path) {
        return new ClasDataBuilder(path);
    }

    /** A classifier on a CSV (fastai's {@code TextDataLoaders.from_csv(..., valid_col='is_valid')}) as a builder. */
    public static ClasDataBuilder classifierFromCsv(Path csv, String textCol, String labelCol, String validCol) {
        return new ClasDataBuilder(csv, textCol, labelCol, validCol);
    }

    /** The tokenizer that made these texts (fastai's default when the loaders were built from ids). */
    public Tokenizer tokenizer() {
        return tokenizer != null ? tokenizer : defaultTokenizer();
    }

    /** Whether every text is read last token first (fastai's {@code backwards=True}). */
    public boolean backwards() {
        return backwards;
    }

    public Numericalize vocab() {
        return vocab;
    }

    /** Class names by class id (empty for a language model). */
    public List<String> classes() {
        return classes;
    }

    public boolean isLanguageModel() {
        return classes.isEmpty();
    }

    /**
     * A classifier on a folder in the IMDb layout: labels from the parent folder, training and
     * validation sets from the grandparent folder ({@code train}, {@code valid}).
     * {@code vocab} null builds one from the tokenized texts (pass the language model's vocab to
     * fine-tune a classifier on it).
     */
    public static TextDataLoaders fromFolder(Path path, String train, String valid, int bs, int seqLen,
                                             Numericalize vocab, long seed) throws IOException {
        return fromFolder(defaultTokenizer(), path, train, valid, bs, seqLen, vocab, seed);
    }

    /** As {@link #fromFolder(Path, String, String, int, int, Numericalize, long)}, with your own tokenizer (rules, subwords). */
    public static TextDataLoaders fromFolder(Tokenizer tkz, Path path, String train, String valid, int bs, int seqLen,
                                             Numericalize vocab, long seed) throws IOException {
        Labelled l = readFolder(tkz, path, train, valid, vocab);
        return classifier(l, bs, seqLen, seed);
    }

    /** {@code fromFolder(path, "train", "valid", 64, 72, null, 42)}. */
    public static TextDataLoaders fromFolder(Path path) throws IOException {
        return fromFolder(path, "train", "valid", 64, LMDataLoader.DEFAULT_SEQ_LEN, null, 42);
    }

    /**
     * A language model on every text under the given sub-folders of {@code path}, a random
     * {@code validPct} of the documents held out for validation.
     */
    public static TextDataLoaders languageModelFromFolder(Path path, double validPct, int bs, int seqLen, long seed,
                                                          String... folders) throws IOException {
        return languageModelFromFolder(defaultTokenizer(), path, validPct, bs, seqLen, seed, folders);
    }

    /** As {@link #languageModelFromFolder(Path, double, int, int, long, String...)}, with your own tokenizer. */
    public static TextDataLoaders languageModelFromFolder(Tokenizer tkz, Path path, double validPct, int bs, int seqLen,
                                                          long seed, String... folders) throws IOException {
        TokenizedCorpus corpus = TokenizeFolder.tokenizeFolder(tkz, path, folders);
        Numericalize num = Numericalize.fromCounter(corpus.counter());
        return languageModel(num.encode(corpus), num, validPct, bs, seqLen, seed);
    }

    /**
     * A classifier's folder holds {@code <train|valid>/<label>/<file>}: the folder a file is in names
     * its label. A file directly in {@code train/}, or a folder deeper down, has no clear label and
     * would be dropped (or make a class of a sub-folder), so either is an error naming the files.
     */
    static void checkLabelledLayout(List<String> files, Path path, String train, String valid) {
        List<String> direct = new ArrayList<>(), nested = new ArrayList<>();
        for (String f : files) {
            int depth = f.split("/").length;
            if (depth == 2) direct.add(f);
            else if (depth > 3) nested.add(f);
        }
        String layout = " under " + path + ": a classifier reads a file's label from the folder it is in, so files go in "
                + train + "/<label>/ and " + valid + "/<label>/";
        if (!direct.isEmpty())
            throw new IllegalArgumentException(direct.size() + " file(s) lie directly in '" + train + "' or '" + valid + "' (e.g. "
                    + String.join(", ", direct.subList(0, Math.min(3, direct.size()))) + ")" + layout);
        if (!nested.isEmpty())
            throw new IllegalArgumentException(nested.size() + " file(s) lie in a sub-folder of a label folder (e.g. "
                    + String.join(", ", nested.subList(0, Math.min(3, nested.size()))) + ")" + layout
                    + "; move them up into their label folder, or give each class its own folder");
    }

    /** fastai's default: English words with the default rules. */
    static Tokenizer defaultTokenizer() {
        return new Tokenizer(new WordTokenizer());
    }

    /** A language model on already numericalized documents. */
    public static TextDataLoaders languageModel(List<int[]> docs, Numericalize vocab, double validPct, int bs, int seqLen, long seed) {
        if (validPct <= 0 || validPct >= 1) throw new IllegalArgumentException("validPct must be in (0, 1), got " + validPct);
        int[] perm = randomPermutation(docs.size(), new Random(seed));
        int nValid = (int) (validPct * docs.size());
        List<int[]> train = new ArrayList<>(), valid = new ArrayList<>();
        for (int k = 0; k < perm.length; k++) (k < nValid ? valid : train).add(docs.get(perm[k]));
        return new TextDataLoaders(lmLoader("training", train, validPct, bs, seqLen, true, seed),
                lmLoader("validation", valid, validPct, bs, seqLen, false, seed), vocab, null);
    }

    private static LMDataLoader lmLoader(String which, List<int[]> docs, double validPct, int bs, int seqLen, boolean shuffle, long seed) {
        try {
            return new LMDataLoader(docs, bs, seqLen, shuffle, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + which + " set (" + docs.size() + " documents, validPct = " + validPct + "): " + e.getMessage(), e);
        }
    }

    /**
     * A classifier on a CSV: {@code textCol} tokenized, labels from {@code labelCol}, the
     * validation rows marked true in {@code validCol} (as IMDB_SAMPLE's {@code is_valid}). Every
     * cell is read as written ({@link Csv}): labels {@code 01} and {@code 1} are two classes.
     */
    public static TextDataLoaders fromCsv(Path csv, String textCol, String labelCol, String validCol, int bs, int seqLen,
                                          Numericalize vocab, long seed) throws IOException {
        return fromCsv(defaultTokenizer(), csv, textCol, labelCol, validCol, bs, seqLen, vocab, seed);
    }

    /** As {@link #fromCsv(Path, String, String, String, int, int, Numericalize, long)}, with your own tokenizer. */
    public static TextDataLoaders fromCsv(Tokenizer tkz, Path csv, String textCol, String labelCol, String validCol,
                                          int bs, int seqLen, Numericalize vocab, long seed) throws IOException {
        Labelled l = readCsv(tkz, csv, textCol, labelCol, validCol, vocab);
        return classifier(l, bs, seqLen, seed);
    }

    /** Labelled texts before batching: ids, labels, the train/valid split, the vocab, and where each text came from. */
    record Labelled(List<int[]> ids, List<String> labels, GrandparentSplitter.Split split, Numericalize vocab, List<String> sources) {
        /** Each text's label as its index in {@code classes}. */
        int[] targets(List<String> classes) {
            int[] y = new int[labels.size()];
            for (int i = 0; i < y.length; i++) y[i] = classes.indexOf(labels.get(i));
            return y;
        }
    }

    /** A folder in the IMDb layout: labels from the parent folder, the split from the grandparent. */
    static Labelled readFolder(Tokenizer tkz, Path path, String train, String valid, Numericalize vocab) throws IOException {
        if (path == null) throw new IllegalArgumentException("a classifier needs a folder, got null");
        checkFolderName("train", train, path);
        checkFolderName("valid", valid, path);
        GrandparentSplitter splitter = new GrandparentSplitter(train, valid);
        TokenizedCorpus corpus = TokenizeFolder.tokenizeFolder(tkz, path, train, valid);
        checkLabelledLayout(corpus.files(), path, train, valid);
        Numericalize num = vocab != null ? vocab : Numericalize.fromCounter(corpus.counter());
        List<int[]> ids = num.encode(corpus);
        GrandparentSplitter.Split split;
        try {
            split = splitter.split(corpus.files());
        } catch (IllegalArgumentException e) { // say where: the folder is there, but no label folder in it holds a .txt
            throw new IllegalArgumentException(e.getMessage() + " of " + path + ": the folder holds no <label>/<name>.txt document", e);
        }
        List<String> labels = new ArrayList<>(corpus.size());
        List<String> sources = new ArrayList<>(corpus.size());
        for (String f : corpus.files()) {
            labels.add(GrandparentSplitter.parentLabel(f));
            sources.add(path.resolve(f).toString());
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ClasDataBuilder.isEmpty(corpus.tokens(i))) throw new IllegalArgumentException("empty review: " + sources.get(i) + " has no text");
        }
        return new Labelled(ids, labels, split, num, sources);
    }

    /**
     * {@code train} and {@code valid} name folders directly in {@code path}, as fastai's {@code GrandparentSplitter} compares
     * one folder name: a path ({@code train/pos}), a blank or the same name twice can never split the files.
     */
    static void checkFolderName(String which, String name, Path path) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals(".."))
            throw new IllegalArgumentException(which + " must be the name of a folder directly in " + path + ", got "
                    + (name == null ? "null" : "'" + name + "'"));
    }

    /**
     * The class names of every label, sorted as Python sorts strings (by code point, as fastai's {@code CategoryMap};
     * Java's {@code String.compareTo} orders UTF-16 units and puts an emoji before a full-width letter). fastai builds the
     * classes from the training labels only and fails on a validation label outside them; here such a label stays a class
     * (labels are read as written, see {@code labelsAreReadAsWrittenSo01And1AreTwoClasses}), and a warning names it,
     * since the model can never learn it.
     */
    static List<String> classes(Labelled l) {
        TreeSet<String> all = new TreeSet<>(TextDataLoaders::compareCodePoints);
        Set<String> train = new HashSet<>();
        all.addAll(l.labels());
        for (int i : l.split().train()) train.add(l.labels().get(i));
        Map<String, String> unseen = new TreeMap<>(TextDataLoaders::compareCodePoints);
        for (int i : l.split().valid())
            if (!train.contains(l.labels().get(i))) unseen.putIfAbsent(l.labels().get(i), l.sources().get(i));
        if (!unseen.isEmpty())
            System.err.printf("warning: %d validation label(s) have no training text, the model cannot learn them: %s%n", unseen.size(),
                    unseen.entrySet().stream().limit(5).map(e -> "'" + e.getKey() + "' (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        return new ArrayList<>(all);
    }

    private static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** A CSV: texts from {@code textCol}, labels from {@code labelCol}, validation rows marked in {@code validCol}. */
    static Labelled readCsv(Tokenizer tkz, Path csv, String textCol, String labelCol, String validCol, Numericalize vocab) throws IOException {
        Csv.Read read = Csv.read(csv);
        Table table = read.table();
        for (String c : List.of(labelCol, validCol))
            if (!table.columnNames().contains(c)) throw new IllegalArgumentException("no column '" + c + "' in " + csv + "; columns: " + table.columnNames());
        for (int i = 0; i < table.rowCount(); i++) {
            if (table.stringColumn(labelCol).get(i).isBlank())
                throw new IllegalArgumentException(read.describeRow(i) + " of " + csv + " has an empty '" + labelCol + "' cell: every row needs a label");
        }
        TokenizeCsv.TokenizedTable tt = TokenizeCsv.tokenizeTable(tkz, table, textCol);
        Numericalize num = vocab != null ? vocab : Numericalize.fromCounter(tt.counter());
        List<int[]> ids = new ArrayList<>();
        for (List<String> t : tt.tokens()) ids.add(num.encode(t));
        List<String> labels = new ArrayList<>(), valid = new ArrayList<>();
        for (int i = 0; i < table.rowCount(); i++) {
            labels.add(table.column(labelCol).getString(i));
            valid.add(table.column(validCol).getString(i).trim().toLowerCase(Locale.ROOT));
        }
        int[] tr = IntStream.range(0, ids.size()).filter(i -> !isTrue(valid.get(i))).toArray();
        int[] va = IntStream.range(0, ids.size()).filter(i -> isTrue(valid.get(i))).toArray();
        if (tr.length == 0 || va.length == 0) {
            throw new IllegalArgumentException("column '" + validCol + "' of " + csv + " marks " + va.length + " of " + ids.size()
                    + " rows for validation: both the training and the validation set need rows (true/1/yes marks validation)");
        }
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            sources.add(read.describeRow(i) + " of " + csv);
            if (ClasDataBuilder.isEmpty(tt.tokens().get(i))) throw new IllegalArgumentException("empty review: " + sources.get(i) + " has no text");
        }
        return new Labelled(ids, labels, new GrandparentSplitter.Split(tr, va), num, sources);
    }

    private static boolean isTrue(String s) {
        return s.equals("true") || s.equals("1") || s.equals("yes");
    }

    private static TextDataLoaders classifier(Labelled l, int bs, int seqLen, long seed) {
        List<int[]> ids = l.ids();
        GrandparentSplitter.Split split = l.split();
        Numericalize num = l.vocab();
        List<String> classes = classes(l);
        int[] y = l.targets(classes);
        DataLoader train = new SortedDL(pick(ids, split.train()), pick(y, split.train()), bs, seqLen, true, seed);
        DataLoader valid = new SortedDL(pick(ids, split.valid()), pick(y, split.valid()), bs, seqLen, false, seed);
        return new TextDataLoaders(train, valid, num, classes);
    }

    private static List<int[]> pick(List<int[]> xs, int[] idx) {
        List<int[]> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(xs.get(i));
        return out;
    }

    private static int[] pick(int[] xs, int[] idx) {
        int[] out = new int[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = xs[idx[k]];
        return out;
    }

    private static int[] randomPermutation(int n, Random rng) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(i);
        Collections.shuffle(l, rng);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The first {@code maxRows} rows of a training batch, decoded: text and target (next tokens or class).
     * Padding is dropped, as fastai's decoding ({@code Numericalize.decodes}) drops {@code xxpad}.
     */
    public Table showBatch(int maxRows) {
        return showBatch(train().iterator().next(), maxRows);
    }

    /** The first {@code maxRows} rows of a training batch, each text cut after {@code maxTokens} tokens. */
    public Table showBatch(int maxRows, int maxTokens) {
        return showBatch(train().iterator().next(), maxRows, maxTokens);
    }

    public Table showBatch(Batch b, int maxRows) {
        return showBatch(b, maxRows, Integer.MAX_VALUE);
    }

    /** Like {@link #showBatch(Batch, int)}, each text cut after {@code maxTokens} tokens. */
    public Table showBatch(Batch b, int maxRows, int maxTokens) {
        StringColumn text = StringColumn.create("text");
        StringColumn target = StringColumn.create(isLanguageModel() ? "text_" : "category");
        int rows = Math.min(maxRows, b.size());
        for (int r = 0; r < rows; r++) {
            text.append(cut(withoutPadding(vocab.decode(b.row(r))), maxTokens));
            target.append(isLanguageModel() ? cut(withoutPadding(vocab.decode(b.targetRow(r))), maxTokens) : classes.get(b.y().getInt(r)));
        }
        return Table.create("batch", text, target);
    }

    private static List<String> withoutPadding(List<String> tokens) {
        return tokens.stream().filter(t -> !t.equals(SpecialTokens.PAD)).toList();
    }

    private static String cut(List<String> toks, int maxTokens) {
        return toks.size() <= maxTokens ? String.join(" ", toks) : String.join(" ", toks.subList(0, maxTokens)) + " ...";
    }
}
