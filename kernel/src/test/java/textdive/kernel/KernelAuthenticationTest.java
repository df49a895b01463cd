package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: a message signed with the wrong key, or not signed, is logged and dropped, never
 * executed, and the channel it came on (shell or control) keeps answering ({@code python/forged.py}).
 */
class KernelAuthenticationTest {
    @TempDir
    static Path dir;
    static JsonObject seen;
    static String log;
    static Path marker;

    @BeforeAll
    static void sendForgedMessages() throws Exception {
        assumeTrue(RealKernel.available(), "skipped: " + RealKernel.PYTHON + " with jupyter_client is not installed");
        marker = dir.resolve("forged-code-ran");
        RealKernel.Run run = RealKernel.script(RealKernel.install(dir), Map.of("MARKER", marker.toString()), "forged.py");
        seen = run.result();
        log = run.log();
    }

    @Test
    void aWronglySignedMessageIsDroppedAndShellAndControlKeepAnswering() {
        assertEquals("ok", seen.get("shell_after_wrong_key").getAsString());
        assertEquals("ok", seen.get("control_after_wrong_key").getAsString());
        assertEquals(2, log.split("dropped a message: invalid signature", -1).length - 1, log);
    }

    @Test
    void anUnsignedMessageIsDroppedAndShellAndControlKeepAnswering() {
        assertEquals("ok", seen.get("shell_after_unsigned").getAsString());
        assertEquals("ok", seen.get("control_after_unsigned").getAsString());
        assertEquals(2, log.split("dropped a message: unsigned message", -1).length - 1, log);
    }

    /** A signed message captured and sent again is refused by its signature, as jupyter_client refuses it. */
    @Test
    void aReplayedMessageIsDroppedAndRunsOnlyOnce() {
        assertEquals("ran ", seen.get("replayed_runs").getAsString());
        assertEquals("ok", seen.get("shell_after_replay").getAsString());
        assertEquals(1, log.split("dropped a message: duplicate signature \\(a replayed message\\)", -1).length - 1, log);
    }

    @Test
    void aHeaderWithoutAStringMsgTypeIsDroppedAndShellKeepsAnswering() {
        assertEquals("ok", seen.get("shell_after_bad_header").getAsString());
        assertEquals(1, log.split("dropped a message: header without msg_type or msg_id strings", -1).length - 1, log);
    }

    @Test
    void forgedCodeNeverRunsAndGoodRequestsStillDo() {
        assertFalse(Files.exists(marker), "the forged execute_request ran");
        assertFalse(seen.get("forged_code_ran").getAsBoolean());
        assertEquals("[[\"execute_result\",{\"execution_count\":1,\"data\":{\"text/plain\":\"42\"},\"metadata\":{}}]]",
                seen.getAsJsonArray("execute_after").toString());
    }
}
