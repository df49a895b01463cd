package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextProgressTest {

    /** What a 2 MB download reported every {@code step} bytes prints. */
    private static String output(long intervalMillis, long step) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TextProgress p = new TextProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), intervalMillis);
        p.start("Downloading x.tgz", 2_000_000, "bytes");
        for (long done = step; done <= 2_000_000; done += step) p.update(done);
        p.finish();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void workFinishedWithinTheIntervalPrintsNothing() {
        assertEquals("", output(60_000, 1000));
    }

    @Test
    void everyIntervalPrintsAStatusLineAfterTheTaskName() {
        String[] lines = output(0, 500_000).split("\n");
        assertEquals(List.of(
                "Downloading x.tgz (2.0 MB) ...",
                "  Downloading x.tgz: 500.0 kB of 2.0 MB (25%)",
                "  Downloading x.tgz: 1.0 MB of 2.0 MB (50%)",
                "  Downloading x.tgz: 1.5 MB of 2.0 MB (75%)",
                "  Downloading x.tgz: 2.0 MB of 2.0 MB (100%)"), List.of(lines).subList(0, 5));
        assertEquals(6, lines.length);
        assertTrue(lines[5].startsWith("  Downloading x.tgz: 2.0 MB of 2.0 MB (100%), done in "), lines[5]);
    }

    @Test
    void toStderrFollowsARedirectedSystemErr() {
        TextProgress p = TextProgress.toStderr(0); // made before the redirect, as UntarData's default is
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            p.start("Extracting y.zip", 3, "entries");
            p.update(3);
            p.finish();
        } finally {
            System.setErr(old);
        }
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("Extracting y.zip (3 entries) ...\n  Extracting y.zip: 3 of 3 entries (100%)\n"),
                buf.toString(StandardCharsets.UTF_8));
    }
}
