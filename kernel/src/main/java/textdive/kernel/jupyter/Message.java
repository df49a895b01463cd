package textdive.kernel.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message: the routing identities it came with (replies go back through them), its
 * header, parent header, metadata and content, and binary buffers.
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    /** The messaging protocol version this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    /** ISO 8601 in UTC with microseconds, as ipykernel writes {@code header.date}. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public String type() {
        return string(header, "msg_type");
    }

    public String id() {
        return string(header, "msg_id");
    }

    /** A content field as a string, or {@code dflt} when absent. */
    public String text(String field, String dflt) {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) return dflt;
        if (!e.isJsonPrimitive()) throw wrongType(field, "a string", e);
        return e.getAsString();
    }

    /** A content field as a boolean, or {@code dflt} when absent. */
    public boolean flag(String field, boolean dflt) {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) return dflt;
        if (!e.isJsonPrimitive()) throw wrongType(field, "true or false", e);
        return e.getAsBoolean();
    }

    /** A content field as an int, or {@code dflt} when absent. */
    public int number(String field, int dflt) {
        JsonElement e = content.get(field);
        if (e == null || e.isJsonNull()) return dflt;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw wrongType(field, "a number", e);
        try {
            return e.getAsInt();
        } catch (NumberFormatException x) {
            throw wrongType(field, "a number", e);
        }
    }

    /** A field of the wrong JSON type: named in the error reply rather than as a bare Gson exception. */
    private IllegalArgumentException wrongType(String field, String expected, JsonElement e) {
        String shown = e.toString();
        if (shown.length() > 60) shown = shown.substring(0, 60) + "...";
        return new IllegalArgumentException(type() + ": content." + field + " must be " + expected + ", not " + shown);
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    /** A header for a new message of {@code type} from this kernel's {@code session}. */
    static JsonObject header(String type, String session) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("username", "kernel");
        h.addProperty("session", session);
        h.addProperty("date", DATE.format(Instant.now()));
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** A message of {@code type} caused by {@code parent} (routed back to its sender on shell, control and stdin). */
    static Message reply(Message parent, String type, JsonObject content, String session) {
        return new Message(parent == null ? List.of() : parent.identities(), header(type, session),
                parent == null ? new JsonObject() : parent.header(), new JsonObject(), content, List.of());
    }
}
