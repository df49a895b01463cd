package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextProgressTest {

    private static String[] run(long intervalMillis) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TextProgress p = new TextProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), intervalMillis);
        p.start("Downloading x.tgz", 2_000_000, "bytes");
        for (long done = 0; done <= 2_000_000; done += 1000) p.update(done);
        p.finish();
        return buf.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void throttlesToAStartAndAFinalLine() {
        String[] lines = run(60_000);
        assertEquals(2, lines.length, String.join("\n", lines));
        assertEquals("Downloading x.tgz (2.0 MB) ...", lines[0]);
        assertTrue(lines[1].startsWith("  Downloading x.tgz: 2.0 MB of 2.0 MB (100%), done in "), lines[1]);
    }

    @Test
    void toStderrFollowsARedirectedSystemErr() {
        TextProgress p = TextProgress.toStderr(); // made before the redirect, as UntarData's default is
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            p.start("Extracting y.tgz", -1, "bytes");
            p.finish();
        } finally {
            System.setErr(old);
        }
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("Extracting y.tgz ...\n  Extracting y.tgz: 0 bytes, done in"),
                buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutThrottlingEveryUpdatePrints() {
        assertEquals(2 + 2001, run(0).length);
    }
}
