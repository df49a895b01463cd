package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.CacheInTemp;

/** The tokenized-corpus cache: checksummed, never used when damaged, never a reason to lose the work. */
@ExtendWith(CacheInTemp.class)
class CorpusCacheTest {
    private static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());
    @TempDir Path tmp;

    @AfterEach
    void reset() {
        System.clearProperty("textdive.mirror");
    }

    /** A small corpus in the IMDb layout with varied tokens (so that ids, counts and types all matter). */
    private Path corpus() throws IOException {
        Path root = tmp.resolve("imdb");
        Random rnd = new Random(7);
        String[] words = {"Great", "movie", "bad", "plot", "!!!", "the", "ACTING", "was", "<br />", "1e3", "0042", "café", "really", "so"};
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0, n = 5 + rnd.nextInt(60); k < n; k++) sb.append(words[rnd.nextInt(words.length)]).append(' ');
            Path f = root.resolve((i % 2 == 0 ? "train/pos/" : "train/neg/") + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, sb.toString());
        }
        return root;
    }

    /** Everything a caller can see of a corpus. */
    private static String observable(TokenizedCorpus c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.files()).append('\n').append(c.counter().mostCommon(1000)).append('\n').append(c.totalTokens()).append('\n');
        for (int i = 0; i < c.size(); i++) sb.append(c.tokens(i)).append('\n');
        sb.append(c.invalidUtf8Files()).append(' ').append(c.invalidUtf8Sequences());
        return sb.toString();
    }

    private record Run(TokenizedCorpus corpus, String stderr) {}

    private static Run tokenizeCapturingStderr(Path root) throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Run(TokenizeFolder.tokenizeFolder(TKZ, root, "train"), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void aDamagedCacheIsNeverUsed300RandomByteFlipsAndTruncations() throws IOException {
        Path root = corpus();
        TokenizedCorpus first = TokenizeFolder.tokenizeFolder(TKZ, root, "train");
        String expected = observable(first);
        Path cache = first.cacheFile();
        byte[] good = Files.readAllBytes(cache);
        Random rnd = new Random(2024);
        int detected = 0, harmless = 0;
        List<String> failures = new ArrayList<>();
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad;
            String what;
            if (trial % 3 == 2) {
                int n = rnd.nextInt(good.length);
                bad = Arrays.copyOf(good, n);
                what = "truncated to " + n + " of " + good.length + " bytes";
            } else {
                bad = good.clone();
                int flips = 1 + rnd.nextInt(3);
                StringBuilder w = new StringBuilder("flipped");
                for (int k = 0; k < flips; k++) {
                    int at = rnd.nextInt(bad.length), mask = 1 + rnd.nextInt(255);
                    bad[at] ^= (byte) mask;
                    w.append(" byte ").append(at).append(" by ").append(mask);
                }
                what = w.toString();
            }
            Files.write(cache, bad);
            Run run;
            boolean same;
            try {
                run = tokenizeCapturingStderr(root);
                same = observable(run.corpus()).equals(expected);
            } catch (RuntimeException | IOException e) {
                failures.add(what + ": threw " + e);
                continue;
            }
            List<String> warnings = run.stderr().lines().toList();
            if (!same) failures.add(what + ": gave a different corpus (fromCache=" + run.corpus().fromCache() + ")");
            else if (run.corpus().fromCache()) harmless++;
            else if (warnings.size() == 1 && warnings.get(0).startsWith("warning: tokenizing again")) detected++;
            else failures.add(what + ": tokenized again with warnings " + warnings);
            if (!run.corpus().fromCache()) assertTrue(Arrays.equals(good, Files.readAllBytes(cache)), what + ": the cache is rewritten whole");
        }
        assertEquals(List.of(), failures);
        assertEquals(300, detected + harmless);
        assertTrue(detected >= 290, "nearly every corruption is detected (the rest changed nothing): " + detected + " detected, " + harmless + " harmless");
    }

    @Test
    void aCacheFromAnOlderFormatIsTokenizedAgainWithOneWarningLine() throws IOException {
        Path root = corpus();
        TokenizedCorpus first = TokenizeFolder.tokenizeFolder(TKZ, root, "train");
        byte[] old = new byte[4096];
        old[0] = 'T';
        old[1] = 'D';
        old[2] = 'K';
        old[3] = '1';
        Files.write(first.cacheFile(), old);
        Run run = tokenizeCapturingStderr(root);
        assertFalse(run.corpus().fromCache());
        assertEquals(observable(first), observable(run.corpus()));
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().contains(first.cacheFile().toString()), run.stderr());
        assertTrue(tokenizeCapturingStderr(root).corpus().fromCache(), "rewritten in the current format");
    }

    @Test
    void aCorpusThatCannotBeStoredAnywhereIsKeptInMemoryWithAWarning() throws IOException {
        Path root = corpus();
        System.setProperty("textdive.mirror", tmp.toString());            // the source counts as read-only
        Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
        System.setProperty("textdive.cache", blocker.resolve("cache").toString()); // cannot be created
        Run run = tokenizeCapturingStderr(root);
        TokenizedCorpus c = run.corpus();
        assertEquals(40, c.size(), "the tokenized corpus is returned, not thrown away");
        assertNull(c.cacheFile());
        assertFalse(c.fromCache());
        assertTrue(c.toString().contains("not cached"), c.toString());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), run.stderr());
        assertTrue(lines.get(0).contains("kept in memory only") && lines.get(0).contains("TEXTDIVE_CACHE")
                && lines.get(0).contains(blocker.toString()), lines.get(0));
    }
}
