package textdive.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import textdive.config.CommandLine;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.text.subword.ModelType;
import textdive.text.subword.NormalizerSpec;
import textdive.text.subword.SentencePieceModel;
import textdive.text.subword.SentencePieceTrainer;
import textdive.text.subword.TrainerSpec;

/**
 * {@code ./textdive bench subwords [--train N] [--test N] [--imdb DIR]}: textdive's subword models
 * against the reference tools (spm_train, spm_encode) on IMDb reviews. The first N/2 reviews (by
 * file name) of train/pos and train/neg train, those of test/pos and test/neg are encoded. Prints
 * one row per model: parity (spm_train's model, textdive vs spm_encode: identical pieces), interop
 * (textdive's model, spm_encode vs textdive), pieces per review of both trained models, training
 * time and encoding throughput of both.
 */
public final class Subwords {
    private record Config(ModelType type, int vocab) {}

    public static void main(String[] args) throws Exception {
        int nTrain = 2000, nTest = 2000;
        Path imdb = null;
        CommandLine cl = new CommandLine("bench subwords", "--train N, --test N, --imdb DIR", args);
        while (cl.hasNext()) {
            switch (cl.next()) {
                case "--train" -> nTrain = cl.intValue(2);
                case "--test" -> nTest = cl.intValue(2);
                case "--imdb" -> imdb = Path.of(cl.value());
                default -> throw cl.unknown();
            }
        }
        if (imdb != null && !Files.isDirectory(imdb)) throw new IllegalArgumentException("bench subwords: --imdb " + imdb + " is not a folder");
        if (!onPath("spm_train") || !onPath("spm_encode"))
            throw new IllegalStateException("spm_train/spm_encode not found: apt-get install sentencepiece");
        if (imdb == null) imdb = UntarData.untarData(URLs.IMDB);
        List<String> train = reviews(imdb.resolve("train"), nTrain);
        List<String> test = reviews(imdb.resolve("test"), nTest);
        Path dir = Files.createTempDirectory("textdive-bench-subwords");
        Path trainFile = Files.write(dir.resolve("train.txt"), train, StandardCharsets.UTF_8);
        Path testFile = Files.write(dir.resolve("test.txt"), test, StandardCharsets.UTF_8);
        double testMb = Files.size(testFile) / 1e6;
        System.out.printf(Locale.ROOT, "IMDb: %d training reviews, %d test reviews (%.1f MB); work dir %s%n",
                train.size(), test.size(), testMb, dir);
        NormalizerSpec.nmtNfkc();  // compile the normalization table once, outside the timings

        List<Config> configs = List.of(new Config(ModelType.UNIGRAM, 1000), new Config(ModelType.UNIGRAM, 8000),
                new Config(ModelType.UNIGRAM, 10000), new Config(ModelType.BPE, 1000), new Config(ModelType.BPE, 8000));
        List<String[]> rows = new ArrayList<>();
        for (Config c : configs) {
            String name = c.type.name().toLowerCase(Locale.ROOT) + c.vocab;
            System.out.println("… " + name);
            try {
                rows.add(measure(c, name, dir, train, test, trainFile, testFile, testMb));
            } catch (RuntimeException e) {
                // A vocabulary too large for a small corpus, say: report it in the table and go on.
                String[] row = new String[12];
                Arrays.fill(row, "-");
                row[0] = name;
                List<String> lines = e.getMessage().lines().filter(l -> !l.isBlank()).toList();
                String last = lines.isEmpty() ? e.toString() : lines.get(lines.size() - 1).strip();
                row[1] = "failed: " + (last.length() > 100 ? last.substring(0, 100) + "…" : last);
                rows.add(row);
            }
        }
        String[] header = {"model", "parity", "interop", "pieces/review spm", "pieces/review textdive", "Δ pieces",
                "train s spm", "train s textdive", "train ratio", "encode MB/s spm", "encode MB/s textdive", "encode speed"};
        System.out.println();
        print(header, rows);
        System.out.println();
        System.out.println("parity: textdive encoding spm_train's model gives exactly spm_encode's pieces (share of test reviews)");
        System.out.println("interop: spm_encode on textdive's model gives exactly textdive's pieces");
        System.out.println("pieces/review: test reviews encoded with each trainer's model (quality goal: |Δ| <= 3%)");
        System.out.println("train ratio: textdive / spm_train wall time (goal <= 2×; spm_train uses all cores, textdive one;"
                + " textdive's one-time normalization table compile is not counted)");
        System.out.println("encode speed: textdive throughput / spm_encode's, best of 3 runs each (goal >= 0.5×; spm_encode includes process start)");
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + "; load average "
                + String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }


    /** One table row: train both ways, encode both ways, compare. */
    private static String[] measure(Config c, String name, Path dir, List<String> train, List<String> test,
                                    Path trainFile, Path testFile, double testMb) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(null, "spm_train", "--input=" + trainFile, "--model_prefix=" + dir.resolve("spm-" + name),
                "--vocab_size=" + c.vocab, "--model_type=" + c.type.name().toLowerCase(Locale.ROOT), "--minloglevel=2");
        double spmTrain = secs(t0);
        Path spmModel = dir.resolve("spm-" + name + ".model");

        t0 = System.nanoTime();
        SentencePieceModel ours = SentencePieceTrainer.train(train, TrainerSpec.defaults(c.type, c.vocab));
        double ourTrain = secs(t0);
        Path ourModel = dir.resolve("textdive-" + name + ".model");
        ours.save(ourModel);

        SentencePieceModel spm = SentencePieceModel.load(spmModel);
        // Encoding times: the best of three runs each (the machine may be shared).
        List<String> spmPieces = null;
        double spmEncode = Double.MAX_VALUE, ourEncode = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            t0 = System.nanoTime();
            spmPieces = run(testFile, "spm_encode", "--model=" + spmModel);
            spmEncode = Math.min(spmEncode, secs(t0));
        }
        for (String t : test) spm.encode(t);  // warm-up
        List<List<String>> ourPieces = null;
        for (int rep = 0; rep < 3; rep++) {
            t0 = System.nanoTime();
            ourPieces = new ArrayList<>();
            for (String t : test) ourPieces.add(spm.encode(t));
            ourEncode = Math.min(ourEncode, secs(t0));
        }
        int same = 0;
        long spmCount = 0;
        for (int i = 0; i < test.size(); i++) {
            if (String.join(" ", ourPieces.get(i)).equals(spmPieces.get(i))) same++;
            spmCount += ourPieces.get(i).size();
        }
        List<String> interopPieces = run(testFile, "spm_encode", "--model=" + ourModel);
        int interop = 0;
        long ourCount = 0;
        for (int i = 0; i < test.size(); i++) {
            List<String> p = ours.encode(test.get(i));
            ourCount += p.size();
            if (String.join(" ", p).equals(interopPieces.get(i))) interop++;
        }
        double perSpm = spmCount / (double) test.size(), perOurs = ourCount / (double) test.size();
        return new String[]{name,
                pct(same, test.size()), pct(interop, test.size()),
                String.format(Locale.ROOT, "%.1f", perSpm), String.format(Locale.ROOT, "%.1f", perOurs),
                String.format(Locale.ROOT, "%+.2f%%", 100 * (perOurs - perSpm) / perSpm),
                String.format(Locale.ROOT, "%.2f", spmTrain), String.format(Locale.ROOT, "%.2f", ourTrain),
                String.format(Locale.ROOT, "%.2f×", ourTrain / spmTrain),
                String.format(Locale.ROOT, "%.2f", testMb / spmEncode), String.format(Locale.ROOT, "%.2f", testMb / ourEncode),
                String.format(Locale.ROOT, "%.2f×", spmEncode / ourEncode)};
    }

    private static String pct(int a, int n) {
        return String.format(Locale.ROOT, "%.2f%%", 100.0 * a / n);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void print(String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) w[i] = header[i].length();
        for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) line.append(' ').append(pad(header[i], w[i])).append(" |");
        System.out.println(line);
        line = new StringBuilder("|");
        for (int x : w) line.append(' ').append("-".repeat(x)).append(" |");
        System.out.println(line);
        for (String[] r : rows) {
            line = new StringBuilder("|");
            for (int i = 0; i < w.length; i++) line.append(' ').append(pad(r[i], w[i])).append(" |");
            System.out.println(line);
        }
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    /** The first n/2 reviews (by file name) of pos and of neg, one line each. */
    static List<String> reviews(Path folder, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String label : List.of("pos", "neg")) {
            Path d = folder.resolve(label);
            if (!Files.isDirectory(d)) throw new IllegalArgumentException("no IMDb review folder " + d);
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.sorted().limit(n / 2).toList())
                    out.add(Files.readString(f, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' '));
            }
        }
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    /** Runs a tool; its stdout lines. */
    private static List<String> run(Path input, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile("spm", ".out"), err = Files.createTempFile("spm", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) pb.redirectInput(input.toFile());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) { p.destroyForcibly(); throw new IllegalStateException("timed out: " + cmd[0]); }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + errors);
        return lines;
    }
}
