package textdive.kernel.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Jupyter connection file: where the five sockets bind and the key that signs every message.
 *
 * @param signatureScheme {@code hmac-sha256} (the only scheme Jupyter uses); ignored when {@code key} is empty
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(JsonParser.parseString(text).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IOException("connection file " + file + " is not a Jupyter connection file: " + e.getMessage(), e);
        }
    }

    static ConnectionInfo parse(JsonObject o) {
        return new ConnectionInfo(string(o, "transport", "tcp"), string(o, "ip", "127.0.0.1"),
                o.get("shell_port").getAsInt(), o.get("iopub_port").getAsInt(), o.get("stdin_port").getAsInt(),
                o.get("control_port").getAsInt(), o.get("hb_port").getAsInt(),
                string(o, "key", ""), string(o, "signature_scheme", "hmac-sha256"));
    }

    private static String string(JsonObject o, String name, String dflt) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? dflt : e.getAsString();
    }

    /** {@code tcp://127.0.0.1:PORT} (ipc transport: {@code ipc://IP-PORT}, as jupyter_client names it). */
    public String address(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
