package textdive.text.subword;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The reference tools (Debian's sentencepiece package) and the review texts the comparison tests use. */
final class SpmTools {
    private SpmTools() {}

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(dir, "spm_train")) && Files.isExecutable(Path.of(dir, "spm_encode"))) return true;
        return false;
    }

    static void assumeAvailable() {
        assumeTrue(available(), "spm_train/spm_encode not on PATH (apt-get install sentencepiece): reference comparison skipped");
    }

    /** Runs a command, failing with its output if it fails. */
    static String run(Path input, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        if (input != null) pb.redirectInput(input.toFile());
        Path out = Files.createTempFile("spm", ".out");
        Path err = Files.createTempFile("spm", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + stderr);
        return stdout;
    }

    static Path spmTrain(Path corpus, Path dir, String name, String type, int vocab, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("spm_train", "--input=" + corpus, "--model_prefix=" + dir.resolve(name),
                "--vocab_size=" + vocab, "--model_type=" + type, "--minloglevel=2", "--num_threads=1"));
        cmd.addAll(List.of(extra));
        run(null, cmd.toArray(new String[0]));
        return dir.resolve(name + ".model");
    }

    /** spm_encode's pieces, one list per input line. */
    static List<List<String>> spmEncode(Path model, Path input) throws IOException, InterruptedException {
        String out = run(input, "spm_encode", "--model=" + model);
        List<List<String>> res = new ArrayList<>();
        for (String line : out.split("\n", -1)) res.add(line.isEmpty() ? List.of() : List.of(line.split(" ")));
        if (!res.isEmpty() && res.get(res.size() - 1).isEmpty()) res.remove(res.size() - 1);
        return res;
    }

    static Path writeLines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Review texts of the IMDb subset in the offline mirror, sorted by file name; skipped without the mirror. */
    static List<String> reviews(String folder, int n) throws IOException {
        String m = System.getenv("TEXTDIVE_MIRROR");
        assumeTrue(m != null && Files.isDirectory(Path.of(m, "imdb_subset")), "TEXTDIVE_MIRROR with imdb_subset/ is not available");
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("pos", "neg")) {
            try (Stream<Path> s = Files.list(Path.of(m, "imdb_subset", folder, sub))) {
                s.sorted().limit(n / 2).forEach(files::add);
            }
        }
        List<String> texts = new ArrayList<>();
        for (Path f : files) texts.add(Files.readString(f, StandardCharsets.UTF_8).replace('\n', ' '));
        return texts;
    }
}
