package textdive.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.text.Numericalize;
import textdive.text.TokenizeFolder;
import textdive.text.TokenizedCorpus;
import textdive.text.Tokenizer;
import textdive.text.Utf8;
import textdive.text.WordTokenizer;

/**
 * Benchmark: tokenize + numericalize the full IMDb (train, test, unsup: 100,000 reviews) from a
 * cold cache, then again from the warm cache, then WordTokenizer alone on one core. Each phase runs
 * in its own JVM so that its peak RSS is its own. Run as {@code ./textdive bench tokenize [FOLDER]}.
 * Goals: cold ≤ 30 s, warm ≤ 5 s, WordTokenizer ≥ 1M tokens/s. CPU (s) is the whole process's CPU time
 * for the pipeline rows (JVM start, JIT and GC included) and the pass's own for the tokenizer rows;
 * on a shared machine it says more than the wall time.
 *
 * <p>The phases run with this JVM's own {@code -X}/{@code -XX} options, so {@code
 * TEXTDIVE_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" ./textdive bench tokenize} measures the
 * kernel's JVM settings (C1 only) and the same command without them the full JIT.
 */
public final class Tokenize {
    private static final String[] FOLDERS = {"train", "test", "unsup"};

    private Tokenize() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--phase")) {
            Path folder = Path.of(args[2]);
            switch (args[1]) {
                case "cold", "warm" -> pipeline(folder, args[1]);
                case "word" -> wordTokenizerOneCore(folder);
                default -> throw new IllegalArgumentException("unknown phase " + args[1]);
            }
            return;
        }
        Path folder = args.length > 0 ? Path.of(args[0]) : UntarData.untarData(URLs.IMDB);
        System.out.println("IMDb folder: " + folder + " (" + Runtime.getRuntime().availableProcessors() + " cores), JVM options "
                + (jvmOptions().isEmpty() ? "(none)" : String.join(" ", jvmOptions())));
        TokenizeFolder.clearCache(folder, FOLDERS);
        List<String> rows = new ArrayList<>();
        for (String phase : List.of("cold", "warm", "word")) rows.add(runPhase(phase, folder));
        System.out.println();
        System.out.println("| phase | documents | tokens | wall (s) | tokens/s | CPU (s) | peak RSS (MB) | goal |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String runPhase(String phase, Path folder) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (phase.equals("word")) cmd.add("-XX:ActiveProcessorCount=1");
        cmd.addAll(List.of(Tokenize.class.getName(), "--phase", phase, folder.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> result = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (line.startsWith("|")) result.add(line);
            else if (!line.isBlank()) System.out.println("  [" + phase + "] " + line);
        }
        if (p.waitFor() != 0 || result.isEmpty()) throw new IllegalStateException("phase " + phase + " failed");
        return String.join("\n", result);
    }

    /** This JVM's {@code -X} and {@code -XX} options (JIT, GC, stack), handed on to each phase. */
    static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:") || (a.startsWith("-X") && !a.startsWith("-XX")))
                .toList();
    }

    private static void pipeline(Path folder, String phase) throws IOException {
        long t0 = System.nanoTime();
        Tokenizer tkz = new Tokenizer(new WordTokenizer());
        TokenizedCorpus corpus = TokenizeFolder.tokenizeFolder(tkz, folder, FOLDERS);
        Numericalize num = Numericalize.fromCounter(corpus.counter());
        List<int[]> ids = num.encode(corpus);
        double s = (System.nanoTime() - t0) / 1e9;
        long tokens = 0;
        for (int[] d : ids) tokens += d.length;
        System.out.println(corpus);
        System.out.println("vocab " + num.size() + ", from cache: " + corpus.fromCache());
        System.out.println(row(phase.equals("cold") ? "tokenize + numericalize, cold cache" : "tokenize + numericalize, warm cache",
                corpus.size(), tokens, s, phase.equals("cold") ? "≤ 30 s" : "≤ 5 s"));
    }

    private static void wordTokenizerOneCore(Path folder) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String f : FOLDERS) {
            try (Stream<Path> files = Files.walk(folder.resolve(f))) {
                for (Path p : files.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) texts.add(Utf8.decode(Files.readAllBytes(p)).text());
            }
        }
        WordTokenizer tok = new WordTokenizer();
        List<String> out = new ArrayList<>(4096);
        long tokens = 0;
        double cpu0 = Machine.cpuSeconds();
        long t0 = System.nanoTime();
        for (String t : texts) {
            out.clear();
            tok.tokenizeInto(t, out);
            tokens += out.size();
        }
        double first = (System.nanoTime() - t0) / 1e9, cpu1 = Machine.cpuSeconds();
        System.out.println(row("WordTokenizer alone, 1 core, first pass (empty cache)", texts.size(), tokens, first, cpu1 - cpu0, "≥ 1M tokens/s"));
        t0 = System.nanoTime();
        for (String t : texts) {
            out.clear();
            tok.tokenizeInto(t, out);
        }
        double second = (System.nanoTime() - t0) / 1e9;
        System.out.println(row("WordTokenizer alone, 1 core, second pass (warm cache)", texts.size(), tokens, second,
                Machine.cpuSeconds() - cpu1, "≥ 1M tokens/s"));
    }

    private static String row(String phase, long docs, long tokens, double seconds, String goal) {
        return row(phase, docs, tokens, seconds, Machine.cpuSeconds(), goal);
    }

    private static String row(String phase, long docs, long tokens, double seconds, double cpu, String goal) {
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,.0f | %.1f | %,d | %s |", phase, docs, tokens, seconds,
                tokens / seconds, cpu, Machine.peakRssMb(), goal);
    }
}
