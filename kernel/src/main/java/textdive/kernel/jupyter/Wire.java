package textdive.kernel.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.zeromq.ZMQ;

/**
 * Jupyter's wire format over ZeroMQ: routing identities, the {@code <IDS|MSG>} delimiter, the HMAC
 * signature, header, parent header, metadata, content, then buffers. Reading always consumes every
 * frame of a message, so a bad one is dropped whole and the next one reads cleanly.
 */
final class Wire {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    /** As many signatures as jupyter_client's Session remembers. */
    static final int SIGNATURES_KEPT = 1 << 16;

    private final Signer signer;
    private final Set<String> seen = new LinkedHashSet<>();

    Wire(Signer signer) {
        this.signer = signer;
    }

    /** The next message of {@code socket} (which must have one waiting). */
    Message read(ZMQ.Socket socket) throws BadMessage {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) throw new BadMessage("receive failed: " + socket.errno());
            frames.add(frame);
        } while (socket.hasReceiveMore());
        return decode(frames);
    }

    Message decode(List<byte[]> frames) throws BadMessage {
        int d = 0;
        while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER)) d++;
        if (d == frames.size()) throw new BadMessage("no <IDS|MSG> delimiter");
        if (frames.size() < d + 6) throw new BadMessage("only " + (frames.size() - d - 1) + " of the 5 message parts");
        String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(d + 2), parent = frames.get(d + 3), metadata = frames.get(d + 4), content = frames.get(d + 5);
        if (!signer.verify(signature, header, parent, metadata, content))
            throw new BadMessage(signature.isEmpty() ? "unsigned message" : "invalid signature");
        if (signer.signs() && !firstSeen(signature)) throw new BadMessage("duplicate signature (a replayed message)");
        try {
            JsonObject h = object(header);
            if (!isString(h.get("msg_type")) || !isString(h.get("msg_id"))) throw new BadMessage("header without msg_type or msg_id strings");
            return new Message(List.copyOf(frames.subList(0, d)), h, object(parent), object(metadata), object(content),
                    List.copyOf(frames.subList(d + 6, frames.size())));
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadMessage("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a verified signature is new, remembering the last {@value #SIGNATURES_KEPT}: a signed
     * message captured and sent again verbatim is refused, as jupyter_client's Session refuses it.
     */
    private boolean firstSeen(String signature) {
        synchronized (seen) {
            if (!seen.add(signature)) return false;
            if (seen.size() > SIGNATURES_KEPT) seen.remove(seen.iterator().next());
            return true;
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static JsonObject object(byte[] json) {
        JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    /** Sends {@code m} on {@code socket}: identities (or {@code topic} on IOPub), delimiter, signature, parts. */
    void send(ZMQ.Socket socket, Message m, byte[] topic) {
        byte[] header = bytes(m.header()), parent = bytes(m.parentHeader()), metadata = bytes(m.metadata()), content = bytes(m.content());
        List<byte[]> frames = new ArrayList<>();
        if (topic != null) frames.add(topic);
        else frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(m.buffers());
        for (int i = 0; i < frames.size(); i++) socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }

    private static byte[] bytes(JsonObject o) {
        return o == null ? EMPTY : o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
