package textdive.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;
import textdive.course.Settings;
import textdive.datasets.DataSettings;

/**
 * fastai's {@code Tokenizer}: preprocessing rules, then a {@link BaseTokenizer}, then post-rules
 * on each token. Works on a string, a file, a whole folder (in parallel on all cores, cached on
 * disk and reused until the folder changes) or a table column.
 */
public final class Tokenizer {
    private final BaseTokenizer tok;
    private final List<Rule> rules;
    private final List<Rule> postRules;

    /** {@code tok} with the default rules and the {@code replaceSpace} post-rule. */
    public Tokenizer(BaseTokenizer tok) {
        this(tok, Rules.defaults());
    }

    public Tokenizer(BaseTokenizer tok, List<? extends Rule> rules) {
        this(tok, rules, List.of(Rule.of("replaceSpace", Rules::replaceSpace)));
    }

    public Tokenizer(BaseTokenizer tok, List<? extends Rule> rules, List<? extends Rule> postRules) {
        this.tok = java.util.Objects.requireNonNull(tok, "tok");
        this.rules = List.copyOf(rules);
        this.postRules = List.copyOf(postRules);
    }

    public BaseTokenizer baseTokenizer() {
        return tok;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Rules, tokenizer, post-rules on one text. */
    public List<String> tokenize(String text) {
        if (text == null) throw new IllegalArgumentException("cannot tokenize null text (a missing CSV cell or an unread file?)");
        List<String> toks = tok.tokenize(Rules.apply(rules, text));
        if (postRules.isEmpty()) return toks;
        List<String> out = new ArrayList<>(toks.size());
        for (String t : toks) out.add(Rules.apply(postRules, t));
        return out;
    }

    /** Tokenizes many texts in parallel; the result is in input order. */
    public List<List<String>> tokenizeAll(List<String> texts) {
        if (texts == null) throw new IllegalArgumentException("cannot tokenize a null list of texts");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is null (a missing CSV cell?)");
        }
        return IntStream.range(0, texts.size()).parallel().mapToObj(i -> tokenize(texts.get(i))).toList();
    }

    /** Tokenizes a UTF-8 file (invalid bytes become U+FFFD). */
    public List<String> tokenizeFile(Path file) throws IOException {
        return tokenize(Utf8.decode(readDocument(file)).text());
    }

    /** Joins tokens back into text (tokens are space-separated, so this is what the model saw). */
    public String decode(List<String> tokens) {
        return String.join(" ", tokens);
    }

    // ---------------------------------------------------------------- folders

    /**
     * Tokenizes every {@code .txt} file under {@code folder} (only under the given top-level
     * sub-folders, if any), in parallel, and stores the result in {@code <folder>_tok/corpus.bin}
     * next to the folder, or under the cache directory ({@link #cacheRoot()}) when that is not
     * writable. A later call with the same files (paths, sizes, modification times) and the same
     * rules loads the stored corpus instead.
     */
    public TokenizedCorpus tokenizeFolder(Path folder, String... subfolders) throws IOException {
        folder = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder.toString(), null, "folder to tokenize does not exist");
        List<FileEntry> entries = listTextFiles(folder, List.of(subfolders));
        if (entries.isEmpty())
            throw new IllegalArgumentException("no .txt files under " + folder + (subfolders.length > 0 ? " in " + List.of(subfolders) : ""));
        String fingerprint = fingerprint(entries, subfolders);
        for (Path file : candidateCacheFiles(folder, subfolders)) {
            TokenizedCorpus cached;
            try {
                cached = TokenizedCorpus.read(folder, file, fingerprint);
            } catch (IOException | RuntimeException e) { // truncated or corrupt: tokenize again and overwrite it
                System.err.println("warning: ignoring unreadable tokenized corpus " + file + " (" + e + ")");
                cached = null;
            }
            if (cached != null) {
                cached.setCache(file, true);
                return cached;
            }
        }
        TokenizedCorpus corpus = tokenizeEntries(folder, entries);
        IOException last = null;
        for (Path file : candidateCacheFiles(folder, subfolders)) {
            try {
                corpus.write(file, fingerprint);
                corpus.setCache(file, false);
                return corpus;
            } catch (IOException e) { // read-only next to the source: try the cache directory
                last = e;
            }
        }
        throw new IOException("could not store the tokenized corpus anywhere", last);
    }

    /** Deletes the stored tokenization of {@code folder} (next to it and in the cache directory): the next call starts cold. */
    public static void clearCache(Path folder, String... subfolders) throws IOException {
        folder = folder.toAbsolutePath().normalize();
        Files.deleteIfExists(besideSource(folder, subfolders));
        for (Path p : candidateCacheFiles(folder, subfolders)) Files.deleteIfExists(p);
    }

    private record FileEntry(Path path, String rel, long size, long mtime) {}

    private static List<FileEntry> listTextFiles(Path root, List<String> subfolders) throws IOException {
        List<FileEntry> out = new ArrayList<>();
        List<Path> starts = subfolders.isEmpty() ? List.of(root) : subfolders.stream().map(root::resolve).toList();
        for (Path start : starts) {
            if (!Files.isDirectory(start)) throw new NoSuchFileException(start.toString(), null, "sub-folder to tokenize does not exist");
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(start) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && name.endsWith(".txt") && !name.startsWith(".")) {
                        String rel = root.relativize(file).toString().replace('\\', '/');
                        out.add(new FileEntry(file, rel, attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        out.sort((a, b) -> a.rel.compareTo(b.rel));
        return out;
    }

    private String fingerprint(List<FileEntry> entries, String[] subfolders) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder(1 << 16);
            sb.append("v1|").append(tok).append('|');
            for (Rule r : rules) sb.append(r.name()).append(',');
            sb.append('|');
            for (Rule r : postRules) sb.append(r.name()).append(',');
            sb.append('|').append(String.join(",", subfolders)).append('\n');
            for (FileEntry e : entries) {
                sb.append(e.rel).append('\t').append(e.size).append('\t').append(e.mtime).append('\n');
                if (sb.length() > 60_000) {
                    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Next to the source first (fastai's {@code <name>_tok}), then the user cache directory. A source
     * that is not writable, or lies inside the shared dataset mirror ({@code $TEXTDIVE_MIRROR},
     * read-only by convention), only gets the cache directory.
     */
    private static List<Path> candidateCacheFiles(Path folder, String[] subfolders) {
        Path parent = folder.getParent();
        String key = Integer.toHexString(folder.toString().hashCode());
        Path inCache = cacheRoot().resolve("tok").resolve(folder.getFileName() + "-" + key).resolve(cacheName(subfolders));
        boolean readOnly = parent == null || !Files.isWritable(parent) || insideMirror(folder);
        return readOnly ? List.of(inCache) : List.of(besideSource(folder, subfolders), inCache);
    }

    /** fastai's place for it: {@code <folder>_tok} next to the folder. */
    private static Path besideSource(Path folder, String[] subfolders) {
        return folder.resolveSibling(folder.getFileName() + "_tok").resolve(cacheName(subfolders));
    }

    private static String cacheName(String[] subfolders) {
        return "corpus" + (subfolders.length > 0 ? "-" + String.join("-", subfolders) : "") + ".bin";
    }

    /** The dataset mirror is never written to, whichever way it was configured (property or environment). */
    private static boolean insideMirror(Path folder) {
        Optional<Path> mirror = DataSettings.fromEnvironment().mirror();
        if (mirror.isEmpty()) return false;
        try {
            return folder.toRealPath().startsWith(mirror.get().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** System property {@code textdive.cache}, else {@code $TEXTDIVE_CACHE}, else {@code ~/.cache/textdive}. */
    public static Path cacheRoot() {
        String dir = Settings.get("textdive.cache", "TEXTDIVE_CACHE");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "textdive");
    }

    private TokenizedCorpus tokenizeEntries(Path root, List<FileEntry> entries) {
        int n = entries.size();
        // workers give each distinct token a provisional id as they meet it (order depends on the
        // threads), and keep documents as int arrays: compact, and nothing for the GC to trace
        ConcurrentHashMap<String, Integer> provisional = new ConcurrentHashMap<>(1 << 18);
        AtomicInteger nextId = new AtomicInteger();
        int[][] docs = new int[n][];
        int[] invalid = new int[n];
        AtomicInteger done = new AtomicInteger();
        AtomicLong nextReport = new AtomicLong(System.nanoTime() + 5_000_000_000L);
        long t0 = System.nanoTime();
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                Utf8.Decoded d = Utf8.decode(readDocument(entries.get(i).path));
                invalid[i] = d.invalid();
                List<String> toks = tokenize(d.text());
                int[] a = new int[toks.size()];
                for (int k = 0; k < a.length; k++) {
                    String t = toks.get(k);
                    Integer id = provisional.get(t);
                    if (id == null) id = provisional.computeIfAbsent(t, x -> nextId.getAndIncrement());
                    a[k] = id;
                }
                docs[i] = a;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + entries.get(i).path, e);
            }
            int k = done.incrementAndGet();
            long now = System.nanoTime(), due = nextReport.get();
            if (now > due && nextReport.compareAndSet(due, now + 5_000_000_000L))
                System.err.printf("tokenizing %s: %,d / %,d files (%.0f s)%n", root.getFileName(), k, n, (now - t0) / 1e9);
        });
        String[] byProvisional = new String[nextId.get()];
        provisional.forEach((t, id) -> byProvisional[id] = t);
        // final ids in first-seen order, walking documents in corpus order: deterministic whatever the threads did
        int[] remap = new int[byProvisional.length];
        java.util.Arrays.fill(remap, -1);
        String[] types = new String[byProvisional.length];
        long[] counts = new long[byProvisional.length];
        long total = 0;
        for (int[] d : docs) total += d.length;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalStateException("corpus too large: " + total + " tokens");
        int[] ids = new int[(int) total];
        int[] offsets = new int[n + 1];
        int p = 0, nTypes = 0, badFiles = 0;
        long badSeqs = 0;
        List<String> rels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            for (int prov : docs[i]) {
                int id = remap[prov];
                if (id < 0) {
                    id = remap[prov] = nTypes++;
                    types[id] = byProvisional[prov];
                }
                counts[id]++;
                ids[p++] = id;
            }
            docs[i] = null;
            offsets[i + 1] = p;
            rels.add(entries.get(i).rel);
            if (invalid[i] > 0) {
                badFiles++;
                badSeqs += invalid[i];
            }
        }
        if (badFiles > 0) {
            String examples = IntStream.range(0, n).filter(i -> invalid[i] > 0).limit(5)
                    .mapToObj(i -> entries.get(i).rel).collect(Collectors.joining(", "));
            System.err.printf("warning: %d file(s) under %s had invalid UTF-8; %d byte sequence(s) replaced by U+FFFD (e.g. %s)%n",
                    badFiles, root, badSeqs, examples);
        }
        return new TokenizedCorpus(root, rels, offsets, ids, types, counts, badFiles, badSeqs);
    }

    private static byte[] readDocument(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE / 2)
            throw new IOException(file + " is " + size + " bytes; documents over 1 GB are not supported (split it first)");
        return Files.readAllBytes(file);
    }

    // ---------------------------------------------------------------- tables

    /** Tokens of a table column: the table with a {@code text} column (tokens joined by spaces) and {@code text_length}. */
    public record TokenizedTable(Table table, List<List<String>> tokens, TokenCounter counter) {}

    /**
     * Tokenizes {@code textColumn} of {@code table}: the other columns are kept, the text column is
     * replaced by {@code text} (space-joined tokens) and {@code text_length} is added.
     */
    public TokenizedTable tokenizeTable(Table table, String textColumn) {
        if (!table.columnNames().contains(textColumn))
            throw new IllegalArgumentException("no column '" + textColumn + "' in table " + table.name() + "; columns: " + table.columnNames());
        Column<?> col = table.column(textColumn);
        List<String> texts = new ArrayList<>(col.size());
        for (int i = 0; i < col.size(); i++) texts.add(col.isMissing(i) ? "" : String.valueOf(col.get(i)));
        List<List<String>> toks = tokenizeAll(texts);
        Table out = Table.create(table.name());
        for (Column<?> c : table.columns()) if (!c.name().equals(textColumn)) out.addColumns(c.copy());
        StringColumn text = StringColumn.create("text");
        IntColumn len = IntColumn.create("text_length");
        TokenCounter counter = new TokenCounter();
        for (List<String> t : toks) {
            text.append(String.join(" ", t));
            len.append(t.size());
            counter.addAll(t);
        }
        out.addColumns(text, len);
        return new TokenizedTable(out, toks, counter);
    }

    /** Reads a CSV (header row, UTF-8) and tokenizes {@code textColumn}; malformed rows are a clear error. */
    public TokenizedTable tokenizeCsv(Path csv, String textColumn) throws IOException {
        return tokenizeTable(readCsv(csv), textColumn);
    }

    /**
     * Reads a CSV with a header into a table, checking every row has as many fields as the header
     * (a row with a stray quote or a missing field otherwise shifts columns silently).
     */
    public static Table readCsv(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) throw new NoSuchFileException(csv.toString(), null, "CSV file does not exist");
        Utf8.Decoded d = Utf8.decode(Files.readAllBytes(csv));
        if (d.invalid() > 0)
            System.err.printf("warning: %s had %d invalid UTF-8 sequence(s), replaced by U+FFFD%n", csv, d.invalid());
        int longestField = CsvCheck.checkRectangular(d.text(), csv.toString());
        Table table;
        try {
            table = Table.read().usingOptions(CsvReadOptions.builderFromString(d.text())
                    .tableName(csv.getFileName().toString()).maxCharsPerColumn(longestField + 16)
                    .columnTypesToDetect(List.of(tech.tablesaw.api.ColumnType.STRING, tech.tablesaw.api.ColumnType.INTEGER,
                            tech.tablesaw.api.ColumnType.DOUBLE, tech.tablesaw.api.ColumnType.BOOLEAN)));
        } catch (RuntimeException e) {
            throw new IOException("cannot read CSV " + csv + ": " + e.getMessage(), e);
        }
        if (table.rowCount() == 0) throw new IllegalArgumentException("CSV " + csv + " has no data rows");
        return table;
    }

    @Override
    public String toString() {
        return "Tokenizer(" + tok + ", rules=" + rules.stream().map(Rule::name).toList() + ")";
    }
}
