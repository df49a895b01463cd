package textdive.text.subword;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message kept as its list of fields, in order. The spec messages of a {@code .model}
 * file grow new fields with every SentencePiece release; keeping every field (known or not) means a
 * model read and written again loses nothing, while typed getters read the few fields we use.
 */
final class ProtoFields {
    /** One field: its number, wire type and value (Long for varints and fixed, byte[] for length-delimited). */
    record Field(int number, int wireType, Object value) {}

    /**
     * A spec message has a few dozen fields (repeated symbol lists perhaps some thousands); more than
     * this is a damaged or crafted file, refused before its fields fill the heap.
     */
    static final int MAX_FIELDS = 100_000;

    private final List<Field> fields = new ArrayList<>();

    static ProtoFields parse(byte[] bytes) throws IOException {
        ProtoFields m = new ProtoFields();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        while (true) {
            int tag = in.readTag();
            if (tag == 0) break;
            if (m.fields.size() == MAX_FIELDS) throw new IOException("a spec message has more than " + MAX_FIELDS + " fields");
            int number = WireFormat.getTagFieldNumber(tag);
            int wt = WireFormat.getTagWireType(tag);
            Object v = switch (wt) {
                case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
                case WireFormat.WIRETYPE_FIXED32 -> (long) in.readRawLittleEndian32();
                case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                default -> throw new IOException("unsupported protobuf wire type " + wt + " for field " + number);
            };
            if (number == 0) throw new IOException("invalid protobuf field number 0");
            m.fields.add(new Field(number, wt, v));
        }
        return m;
    }

    /**
     * Fails unless every field that {@code wireTypes} names (field number → wire type) has that wire
     * type. The typed getters cast a field's value by its declared type, so a damaged or crafted file
     * fails here, when it is loaded, naming the field, not with a ClassCastException in encode.
     */
    void requireWireTypes(String message, Map<Integer, Integer> wireTypes) {
        for (Field f : fields) {
            Integer want = wireTypes.get(f.number);
            if (want != null && want != f.wireType)
                throw new IllegalArgumentException(message + " field " + f.number + " has wire type " + f.wireType + ", not " + want);
        }
    }

    /** Field number → wire type, for {@link #requireWireTypes}. */
    static Map<Integer, Integer> wireTypes(int[] varints, int[] fixed32s, int[] delimited) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int n : varints) m.put(n, WireFormat.WIRETYPE_VARINT);
        for (int n : fixed32s) m.put(n, WireFormat.WIRETYPE_FIXED32);
        for (int n : delimited) m.put(n, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return m;
    }

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bos);
            for (Field f : fields) {
                out.writeTag(f.number, f.wireType);
                switch (f.wireType) {
                    case WireFormat.WIRETYPE_VARINT -> out.writeUInt64NoTag((Long) f.value);
                    case WireFormat.WIRETYPE_FIXED32 -> out.writeFixed32NoTag((int) (long) (Long) f.value);
                    case WireFormat.WIRETYPE_FIXED64 -> out.writeFixed64NoTag((Long) f.value);
                    default -> out.writeByteArrayNoTag((byte[]) f.value);
                }
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Field> all(int number) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) if (f.number == number) out.add(f);
        return out;
    }

    /** The last occurrence wins, as in protobuf. */
    Field last(int number) {
        Field found = null;
        for (Field f : fields) if (f.number == number) found = f;
        return found;
    }

    boolean has(int number) {
        return last(number) != null;
    }

    long varint(int number, long dflt) {
        Field f = last(number);
        return f == null ? dflt : (Long) f.value;
    }

    int int32(int number, int dflt) {
        return (int) varint(number, dflt);
    }

    boolean bool(int number, boolean dflt) {
        return varint(number, dflt ? 1 : 0) != 0;
    }

    float float32(int number, float dflt) {
        Field f = last(number);
        return f == null ? dflt : Float.intBitsToFloat((int) (long) (Long) f.value);
    }

    byte[] bytes(int number) {
        Field f = last(number);
        return f == null ? null : (byte[]) f.value;
    }

    String string(int number, String dflt) {
        byte[] b = bytes(number);
        return b == null ? dflt : new String(b, StandardCharsets.UTF_8);
    }

    List<String> strings(int number) {
        List<String> out = new ArrayList<>();
        for (Field f : all(number)) out.add(new String((byte[]) f.value, StandardCharsets.UTF_8));
        return out;
    }

    void remove(int number) {
        fields.removeIf(f -> f.number == number);
    }

    ProtoFields setVarint(int number, long v) {
        remove(number);
        return addVarint(number, v);
    }

    ProtoFields addVarint(int number, long v) {
        fields.add(new Field(number, WireFormat.WIRETYPE_VARINT, v));
        return this;
    }

    ProtoFields setInt32(int number, int v) {
        // int32 negatives are sign-extended to 64 bits on the wire.
        return setVarint(number, (long) v);
    }

    ProtoFields setBool(int number, boolean v) {
        return setVarint(number, v ? 1 : 0);
    }

    ProtoFields setFloat(int number, float v) {
        remove(number);
        fields.add(new Field(number, WireFormat.WIRETYPE_FIXED32, (long) Float.floatToIntBits(v) & 0xffffffffL));
        return this;
    }

    ProtoFields setBytes(int number, byte[] v) {
        remove(number);
        return addBytes(number, v);
    }

    ProtoFields addBytes(int number, byte[] v) {
        fields.add(new Field(number, WireFormat.WIRETYPE_LENGTH_DELIMITED, v));
        return this;
    }

    ProtoFields setString(int number, String v) {
        return setBytes(number, v.getBytes(StandardCharsets.UTF_8));
    }

    ProtoFields setStrings(int number, List<String> vs) {
        remove(number);
        for (String v : vs) addBytes(number, v.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    ProtoFields copy() {
        ProtoFields c = new ProtoFields();
        c.fields.addAll(fields);
        return c;
    }
}
