package textdive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import textdive.config.CommandLine;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.text.Documents;
import textdive.text.Rules;
import textdive.text.Tokenizer;
import textdive.text.WordTokenizer;

/**
 * {@code ./textdive bench spacy-parity [--python PATH] [--docs N]}: how often our word tokenization agrees with spaCy's
 * on real text, so that a parity figure is measured, not claimed. A fixed sample (seed {@value #SEED}) of N IMDb reviews
 * (train, test and unsup together), N WikiText-2 lines and N Penn Treebank lines is tokenized twice on each side: as it
 * is ("word": our WordTokenizer against spacy.blank("en") with fastai's special tokens), and after fastai's rules ("with
 * rules": our Tokenizer, rules then WordTokenizer, against spaCy on the text our rules made, so the rules are ours and
 * only the tokenizers are compared; fastai's replaceSpace post-rule maps each token alone, so it is left out). spaCy
 * runs in {@code scripts/spacy_tokens.py}, under the Python given by {@code --python} (default {@code python3}).
 *
 * <p>Prints one table (documents with identical tokens, tokens in disagreements) and the disagreements by
 * {@link ParityKind}: the ones spaCy 3 changed and we keep as spaCy 2 did, and the unexplained, with examples.
 */
public final class SpacyParity {
    static final long SEED = 0;
    static final List<String> IMDB_FOLDERS = List.of("train/pos", "train/neg", "test/pos", "test/neg", "unsup");
    static final int EXAMPLES = 8;

    /** A sample of documents and where it came from. */
    record Corpus(String name, String sample, List<String> docs) {
    }

    /** One corpus in one mode: documents identical on both sides, spaCy's tokens, tokens in disagreements. */
    record Tally(int identical, long tokens, long differing) {
    }

    private SpacyParity() {
    }

    public static void main(String[] args) throws Exception {
        String python = "python3";
        int n = 5000;
        CommandLine cl = new CommandLine("bench spacy-parity", "--python PATH (a Python with spaCy; default python3), --docs N (per corpus; default 5000)", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--python" -> python = cl.value();
                case "--docs" -> n = cl.intValue(1);
                default -> throw cl.unknown();
            }
        }
        long t0 = System.nanoTime();
        SpacyTokens spacy = new SpacyTokens(python, PyTorchYardstick.root());
        String version;
        try {
            version = spacy.version();
        } catch (IOException e) {
            System.err.println("spacy-parity: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "spacy-parity: %s, %d cores; spaCy %s (%s); Java %s%n", Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(), version, python, System.getProperty("java.version"));

        List<Corpus> corpora = List.of(imdb(n), lines("WikiText-2", UntarData.untarData(URLs.WIKITEXT2), List.of("valid.txt", "test.txt"), n),
                lines("PTB", UntarData.untarData(URLs.PTB), List.of("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"), n));
        for (Corpus c : corpora) System.out.println("  " + c.name() + ": " + c.sample());

        WordTokenizer word = new WordTokenizer();
        Tokenizer withRules = new Tokenizer(word, Rules.defaults(), List.of());
        List<String> texts = new ArrayList<>(); // per corpus: its documents as they are, then after our rules
        List<List<String>> ours = new ArrayList<>();
        long o0 = System.nanoTime();
        for (Corpus c : corpora) {
            for (String d : c.docs()) {
                texts.add(d);
                ours.add(word.tokenize(d));
            }
            for (String d : c.docs()) {
                texts.add(Rules.apply(withRules.rules(), d));
                ours.add(withRules.tokenize(d));
            }
        }
        double oursSeconds = (System.nanoTime() - o0) / 1e9;
        SpacyTokens.Result theirs = spacy.tokenize(texts);

        List<String> rows = new ArrayList<>();
        Map<ParityKind, int[]> kinds = new EnumMap<>(ParityKind.class); // segments per mode (word, with rules)
        Map<ParityKind, Map<String, Integer>> frequent = new EnumMap<>(ParityKind.class);
        List<String> unexplained = new ArrayList<>();
        int at = 0;
        for (Corpus c : corpora) {
            Tally[] tally = new Tally[2];
            for (int mode = 0; mode < 2; mode++) {
                int identical = 0;
                long tokens = 0, differing = 0;
                for (int k = 0; k < c.docs().size(); k++, at++) {
                    List<String> sp = theirs.tokens().get(at);
                    tokens += sp.size();
                    if (sp.equals(ours.get(at))) {
                        identical++;
                        continue;
                    }
                    String text = texts.get(at);
                    for (TokenDiff.Segment s : TokenDiff.segments(text, ours.get(at), sp)) {
                        differing += s.tokens();
                        ParityKind kind = ParityKind.of(text, s, word::isException);
                        kinds.computeIfAbsent(kind, x -> new int[2])[mode]++;
                        frequent.computeIfAbsent(kind, x -> new LinkedHashMap<>()).merge(show(s.ours()) + " → " + show(s.theirs()), 1, Integer::sum);
                        if (!kind.explained() && unexplained.size() < EXAMPLES) {
                            unexplained.add(String.format(Locale.ROOT, "%s, %s, document %d: ours %s, spaCy %s, in \"%s\"", c.name(),
                                    mode == 0 ? "word" : "with rules", k, show(s.ours()), show(s.theirs()), context(text, s)));
                        }
                    }
                }
                tally[mode] = new Tally(identical, tokens, differing);
            }
            rows.add(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %,d of %,d; %,d of %,d |", c.name(), c.docs().size(),
                    share(tally[0].identical(), c.docs().size()), share(tally[1].identical(), c.docs().size()),
                    tally[0].differing(), tally[0].tokens(), tally[1].differing(), tally[1].tokens()));
        }

        System.out.println();
        System.out.println("| corpus | documents | identical (word) | identical (with rules) | tokens differing, of spaCy's (word; with rules) |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| disagreement (segments of text cut differently) | word | with rules | classified as | most frequent, both modes (ours → spaCy) |");
        System.out.println("|---|---|---|---|---|");
        for (ParityKind kind : ParityKind.values()) {
            int[] count = kinds.getOrDefault(kind, new int[2]);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %s |%n", kind.description(), count[0], count[1],
                    kind.explained() ? "spaCy 2 vs 3 (we follow spaCy 2)" : "unexplained", mostFrequent(frequent.get(kind), 4));
        }
        System.out.println();
        if (unexplained.isEmpty()) System.out.println("Unexplained disagreements: none.");
        else {
            System.out.println("Unexplained disagreements (the first " + unexplained.size() + "):");
            unexplained.forEach(u -> System.out.println("  " + u));
        }
        System.out.printf(Locale.ROOT, "%nwall time %.1f s (ours %.1f s for %,d texts, spaCy %.1f s; the rest reads the corpora and starts Python)%n",
                (System.nanoTime() - t0) / 1e9, oursSeconds, texts.size(), theirs.seconds());
    }

    /** N reviews drawn at random (seeded) from all 100,000 of train, test and unsup. */
    static Corpus imdb(int n) throws IOException {
        Path root = UntarData.untarData(URLs.IMDB);
        List<Path> files = new ArrayList<>();
        for (String f : IMDB_FOLDERS) {
            try (Stream<Path> s = Files.list(root.resolve(f))) {
                files.addAll(s.filter(p -> p.toString().endsWith(".txt")).sorted().toList());
            }
        }
        List<Path> picked = sample(files, n);
        List<String> docs = new ArrayList<>(picked.size());
        for (Path p : picked) docs.add(Documents.decode(Documents.read(p)).text());
        return new Corpus("IMDb", String.format(Locale.ROOT, "%,d of %,d reviews (%s)", docs.size(), files.size(), String.join(", ", IMDB_FOLDERS)), docs);
    }

    /** N non-blank lines drawn at random (seeded) from the files, each line as it is. */
    static Corpus lines(String name, Path root, List<String> files, int n) throws IOException {
        List<String> all = new ArrayList<>();
        for (String f : files) {
            for (String l : Files.readAllLines(root.resolve(f), StandardCharsets.UTF_8)) if (!l.isBlank()) all.add(l);
        }
        List<String> docs = sample(all, n);
        return new Corpus(name, String.format(Locale.ROOT, "%,d of %,d non-blank lines (%s)", docs.size(), all.size(), String.join(", ", files)), docs);
    }

    /** The first n of the items shuffled with the fixed seed (java.util.Random's sequence is specified, so any JVM picks the same). */
    static <T> List<T> sample(List<T> items, int n) {
        List<T> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(SEED));
        return List.copyOf(shuffled.subList(0, Math.min(n, shuffled.size())));
    }

    private static String share(int k, int of) {
        return String.format(Locale.ROOT, "%,d (%.2f%%)", k, 100.0 * k / of);
    }

    /** Tokens in backquotes, separated by spaces, whitespace made visible and {@code |} escaped for the table: {@code `) :`}. */
    static String show(List<String> tokens) {
        String s = tokens.stream().map(t -> t.replace("\n", "\\n").replace("\t", "\\t").replace(" ", "␣").replace("|", "\\|"))
                .collect(Collectors.joining(" "));
        return "`" + (s.isEmpty() ? "(none)" : s) + "`";
    }

    private static String context(String text, TokenDiff.Segment s) {
        int from = Math.max(0, s.start() - 30), to = Math.min(text.length(), s.end() + 30);
        return text.substring(from, to).replace("\n", "\\n");
    }

    private static String mostFrequent(Map<String, Integer> counts, int k) {
        if (counts == null) return "";
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(k)
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }
}
