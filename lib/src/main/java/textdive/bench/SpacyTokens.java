package textdive.bench;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * spaCy's tokens, from {@code scripts/spacy_tokens.py} run by a Python that has spaCy (spacy.blank("en") with fastai's
 * special tokens, as fastai's SpacyTokenizer builds it). The documents go to the script and the tokens come back as
 * JSON lines in a temporary folder, in one run, so spaCy loads once.
 */
final class SpacyTokens {
    static final String SCRIPT = "spacy_tokens.py";
    static final String INSTALL = "python3 -m venv /tmp/venv-spacy && /tmp/venv-spacy/bin/pip install 'spacy>=3.8,<3.9'";

    private final String python;
    private final Path script;

    SpacyTokens(String python, Path root) {
        this.python = python;
        this.script = root.resolve("scripts").resolve(SCRIPT);
    }

    /** spaCy's version, or an exception that says which interpreter lacks it and how to install it. */
    String version() throws IOException, InterruptedException {
        return run(List.of("--version")).strip().lines().reduce((a, b) -> b).orElse("");
    }

    /** The tokens of each text, and the script's summary (spaCy's version, seconds). */
    Result tokenize(List<String> texts) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spacy-parity");
        Path in = dir.resolve("docs.jsonl"), out = dir.resolve("tokens.jsonl");
        try {
            Gson gson = new Gson();
            try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
                for (String t : texts) w.append(gson.toJson(t)).append('\n'); // Gson escapes \n, \r, U+2028: one line each
            }
            String printed = run(List.of(in.toString(), out.toString()));
            JsonObject summary = JsonParser.parseString(printed.strip().lines().reduce((a, b) -> b).orElse("{}")).getAsJsonObject();
            List<List<String>> tokens = new ArrayList<>(texts.size());
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                List<String> doc = new ArrayList<>();
                for (JsonElement e : JsonParser.parseString(line).getAsJsonArray()) doc.add(e.getAsString());
                tokens.add(doc);
            }
            if (tokens.size() != texts.size()) throw new IOException(script + " returned " + tokens.size() + " documents for " + texts.size());
            return new Result(tokens, summary.get("spacy").getAsString(), summary.get("seconds").getAsDouble());
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    record Result(List<List<String>> tokens, String spacyVersion, double seconds) {
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IOException("no " + script + " (run from the clone's root, or through ./textdive bench spacy-parity)");
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run the Python interpreter '" + python + "' (" + e.getMessage() + "); name one that has spaCy with"
                    + " --python PATH, after installing it for example with:\n  " + INSTALL, e);
        }
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IOException("spaCy's side failed (" + String.join(" ", cmd) + "):\n" + printed.strip());
        }
        return printed;
    }
}
