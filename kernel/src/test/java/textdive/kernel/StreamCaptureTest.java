package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCaptureTest {
    @Test
    void neverTearsAMultiByteCharacter() {
        List<String> got = new ArrayList<>();
        StreamCapture c = new StreamCapture(got::add);
        byte[] bytes = "aé€😀".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            c.write(b);
            c.flush();
        }
        assertEquals("aé€😀", String.join("", got));
        assertEquals(List.of("a", "é", "€", "😀"), got);
    }
}
