package textdive.io;

import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A versioned container of named, checksummed sections: the file format of textdive's caches and
 * checkpoints. A reader finds the sections it knows by name and ignores the others, so a format
 * grows by adding sections (a checkpoint can gain a vocab or a training history beside its weights).
 *
 * <pre>
 * header   magic (8 bytes: 0x89 "TDX" CR LF 0x1A LF), kind (u16 length + UTF-8), version (int32)
 * sections the payloads, one after another
 * table    count (int32), then per section: name (u16 length + UTF-8), offset (int64), length (int64), CRC-32C (int32)
 * trailer  table offset (int64), CRC-32C of header and table (int32), end mark "TDX!" (4 bytes)
 * </pre>
 *
 * All numbers are big-endian. Every byte is covered by a checksum, and every length and offset is
 * checked against the file's size before anything is allocated, so a truncated, bit-flipped or
 * crafted file gives a {@link CorruptFileException}, never wrong data or an {@code OutOfMemoryError}.
 * Files are written with {@link AtomicFiles} (atomic, durable); sections are read memory-mapped.
 */
public final class SectionFile {
    private static final byte[] MAGIC = {(byte) 0x89, 'T', 'D', 'X', '\r', '\n', 0x1A, '\n'};
    private static final byte[] END = {'T', 'D', 'X', '!'};
    private static final int TRAILER = 8 + 4 + 4;
    private static final int MAX_NAME = 1024;

    private SectionFile() {}

    /** Writes one section's payload. */
    @FunctionalInterface
    public interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Adds sections to a file being written. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer w) throws IOException;
    }

    /** Writes {@code file} (atomically and durably) as a container of {@code kind}, format {@code version}. */
    public static void write(Path file, String kind, int version, Content content) throws IOException {
        AtomicFiles.write(file, os -> {
            Writer w = new Writer(os, kind, version);
            content.writeTo(w);
            w.finish();
        });
    }

    /** Appends named sections; see {@link #write}. */
    public static final class Writer {
        private final Counting out;
        private final ByteBuffer headerAndTable;
        private final List<Entry> entries = new ArrayList<>();

        private Writer(OutputStream os, String kind, int version) throws IOException {
            this.out = new Counting(os);
            byte[] k = utf8(kind, "kind");
            ByteBuffer h = ByteBuffer.allocate(MAGIC.length + 2 + k.length + 4);
            h.put(MAGIC).putShort((short) k.length).put(k).putInt(version);
            out.write(h.array());
            this.headerAndTable = h.flip();
        }

        /** Adds a section called {@code name} (unique in the file) with what {@code body} writes. */
        public Writer section(String name, Body body) throws IOException {
            byte[] n = utf8(name, "section name");
            for (Entry e : entries) {
                if (e.name.equals(name)) throw new IllegalArgumentException("section '" + name + "' written twice");
            }
            long offset = out.count;
            CRC32C crc = new CRC32C();
            out.crc = crc;
            DataOutputStream data = new DataOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the file stream stays open for the next section
                }
            });
            body.writeTo(data);
            data.flush();
            out.crc = null;
            long length = out.count - offset;
            if (length > Integer.MAX_VALUE - 8)
                throw new IOException("section '" + name + "' is " + length + " bytes; sections are limited to 2 GiB");
            entries.add(new Entry(name, n, offset, length, (int) crc.getValue()));
            return this;
        }

        private void finish() throws IOException {
            long tableOffset = out.count;
            int size = 4;
            for (Entry e : entries) size += 2 + e.nameBytes.length + 8 + 8 + 4;
            ByteBuffer t = ByteBuffer.allocate(size);
            t.putInt(entries.size());
            for (Entry e : entries) t.putShort((short) e.nameBytes.length).put(e.nameBytes).putLong(e.offset).putLong(e.length).putInt(e.crc);
            out.write(t.array());
            CRC32C crc = new CRC32C();
            crc.update(headerAndTable.duplicate());
            crc.update(t.array());
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER).putLong(tableOffset).putInt((int) crc.getValue()).put(END);
            out.write(trailer.array());
            out.flush();
        }
    }

    private record Entry(String name, byte[] nameBytes, long offset, long length, int crc) {}

    /** Counts what passes through and updates the current section's checksum. */
    private static final class Counting extends FilterOutputStream {
        long count;
        CRC32C crc;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (crc != null) crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (crc != null) crc.update(b, off, len);
            count += len;
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * As {@link #open(Path, String)}, for a format whose readers know versions up to {@code maxVersion}: a missing file
     * is a {@link NoSuchFileException} saying "no {@code what} file there", and a file from a newer textdive
     * is refused by name rather than misread.
     */
    public static Reader open(Path file, String kind, String what, int maxVersion) throws IOException {
        Reader r;
        try {
            r = open(file, kind);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no " + what + " file there");
        }
        if (r.version() > maxVersion)
            throw new IllegalArgumentException(file + " is " + what + " format " + r.version() + ", newer than this textdive reads (" + maxVersion + ")");
        return r;
    }

    /**
     * Opens {@code file}, checks its kind, end mark and table checksum, and returns a reader for its
     * sections. {@link NoSuchFileException} and other I/O failures pass through; a file
     * that is not a complete container of {@code kind} is a {@link CorruptFileException}.
     */
    public static Reader open(Path file, String kind) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int headerLen = MAGIC.length + 2 + utf8(kind, "kind").length + 4;
            if (size < headerLen + 4 + TRAILER) throw corrupt(file, "it is only " + size + " bytes (truncated, or not a " + kind + " file)");
            ByteBuffer header = read(ch, 0, headerLen);
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw corrupt(file, "it is not a textdive " + kind + " file (or an older format)");
            int kindLen = header.getShort() & 0xffff;
            byte[] k = new byte[Math.min(kindLen, header.remaining())];
            header.get(k);
            String foundKind = new String(k, StandardCharsets.UTF_8);
            if (!foundKind.equals(kind)) throw corrupt(file, "it is a '" + foundKind + "' file, not a '" + kind + "' file");
            int version = header.getInt();
            ByteBuffer trailer = read(ch, size - TRAILER, TRAILER);
            long tableOffset = trailer.getLong();
            int tableCrc = trailer.getInt();
            byte[] end = new byte[END.length];
            trailer.get(end);
            if (!Arrays.equals(end, END)) throw corrupt(file, "its end mark is missing (truncated or overwritten)");
            long tableLen = size - TRAILER - tableOffset;
            if (tableOffset < headerLen || tableLen < 4 || tableLen > Integer.MAX_VALUE)
                throw corrupt(file, "its section table lies outside the file");
            ByteBuffer table = read(ch, tableOffset, (int) tableLen);
            CRC32C crc = new CRC32C();
            crc.update(header.flip());
            crc.update(table.duplicate());
            if ((int) crc.getValue() != tableCrc) throw corrupt(file, "the checksum of its header and section table does not match");
            Map<String, Entry> entries = new LinkedHashMap<>();
            try {
                int n = table.getInt();
                if (n < 0 || n > table.remaining() / (2 + 8 + 8 + 4)) throw corrupt(file, "its section table claims " + n + " sections");
                for (int i = 0; i < n; i++) {
                    int nameLen = table.getShort() & 0xffff;
                    if (nameLen > MAX_NAME || nameLen > table.remaining()) throw corrupt(file, "section " + i + " has a name of " + nameLen + " bytes");
                    byte[] name = new byte[nameLen];
                    table.get(name);
                    long off = table.getLong(), len = table.getLong();
                    int c = table.getInt();
                    String s = decode(name, file);
                    if (off < headerLen || len < 0 || len > Integer.MAX_VALUE - 8 || off > tableOffset - len) // not off + len: it can overflow
                        throw corrupt(file, "section '" + s + "' lies outside the file");
                    if (entries.put(s, new Entry(s, name, off, len, c)) != null) throw corrupt(file, "section '" + s + "' occurs twice");
                }
                if (table.hasRemaining()) throw corrupt(file, "its section table has " + table.remaining() + " stray bytes");
            } catch (BufferUnderflowException e) {
                throw corrupt(file, "its section table is cut short");
            }
            return new Reader(file, version, entries);
        }
    }

    /** The sections of an opened file; each is checked against its checksum when it is fetched. */
    public static final class Reader {
        private final Path file;
        private final int version;
        private final Map<String, Entry> entries;

        private Reader(Path file, int version, Map<String, Entry> entries) {
            this.file = file;
            this.version = version;
            this.entries = entries;
        }

        public Path file() {
            return file;
        }

        /** The format version the writer stated. */
        public int version() {
            return version;
        }

        /** Section names in file order. */
        public List<String> names() {
            return List.copyOf(entries.keySet());
        }

        public boolean has(String name) {
            return entries.containsKey(name);
        }

        /** The payload of section {@code name}, checksum verified; a missing section is a {@link CorruptFileException}. */
        public Input section(String name) throws IOException {
            Entry e = entries.get(name);
            if (e == null) throw corrupt(file, "it has no '" + name + "' section");
            ByteBuffer b;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (ch.size() < e.offset + e.length) throw corrupt(file, "it shrank while being read");
                b = e.length == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, e.offset, e.length);
            }
            CRC32C crc = new CRC32C();
            crc.update(b.duplicate());
            if ((int) crc.getValue() != e.crc) throw corrupt(file, "the checksum of section '" + name + "' does not match");
            return new Input(file, name, b.order(ByteOrder.BIG_ENDIAN));
        }
    }

    /**
     * A section's bytes with reads that check every count against what is left, so that a crafted
     * length cannot make the reader allocate more than the file holds.
     */
    public static final class Input {
        private final Path file;
        private final String section;
        private final ByteBuffer b;

        Input(Path file, String section, ByteBuffer b) {
            this.file = file;
            this.section = section;
            this.b = b;
        }

        public int readInt() throws CorruptFileException {
            need(4);
            return b.getInt();
        }

        public long readLong() throws CorruptFileException {
            need(8);
            return b.getLong();
        }

        public float readFloat() throws CorruptFileException {
            need(4);
            return b.getFloat();
        }

        /**
         * A count of items that each take at least {@code minBytesEach} bytes of what follows: negative
         * counts and counts the rest of the section cannot hold are refused before any allocation.
         */
        public int readCount(String what, int minBytesEach) throws CorruptFileException {
            int n = readInt();
            if (n < 0 || (long) n * Math.max(1, minBytesEach) > b.remaining())
                throw fail(what + " count " + n + " does not fit in the " + b.remaining() + " bytes left");
            return n;
        }

        /** A string written as int32 length + UTF-8 by {@link #writeString} (its bytes are checksummed, so they are the ones written). */
        public String readString() throws CorruptFileException {
            int n = readCount("string length", 1);
            byte[] s = new byte[n];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        /** {@code n} little-endian int32 values (bulk arrays are stored in the machine's usual order). */
        public void readIntsLE(int[] into) throws CorruptFileException {
            need(4L * into.length);
            b.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(into);
            b.position(b.position() + 4 * into.length).order(ByteOrder.BIG_ENDIAN);
        }

        /** {@code into.length} big-endian float32 values. */
        public void readFloats(double[] into) throws CorruptFileException {
            need(4L * into.length);
            for (int i = 0; i < into.length; i++) into[i] = b.getFloat();
        }

        /** {@code into.length} big-endian float32 values, kept as floats (large weight matrices). */
        public void readFloats(float[] into) throws CorruptFileException {
            need(4L * into.length);
            b.asFloatBuffer().get(into);
            b.position(b.position() + 4 * into.length);
        }

        public int remaining() {
            return b.remaining();
        }

        /** Fails unless every byte of the section was read. */
        public void expectEnd() throws CorruptFileException {
            if (b.hasRemaining()) throw fail(b.remaining() + " unread bytes at its end");
        }

        /** A corruption of this section, with {@code what} is wrong. */
        public CorruptFileException fail(String what) {
            return corrupt(file, "section '" + section + "': " + what);
        }

        private void need(long n) throws CorruptFileException {
            if (n > b.remaining()) throw fail("cut short (" + n + " bytes needed, " + b.remaining() + " left)");
        }
    }

    /** Writes a string the way {@link Input#readString} reads it. */
    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Writes int32 values little-endian, in bulk (as {@link Input#readIntsLE} reads them). */
    public static void writeIntsLE(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, buf.capacity() / 4);
            buf.clear();
            buf.asIntBuffer().put(values, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) break;
        }
        return b.flip();
    }

    private static String decode(byte[] name, Path file) throws CorruptFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "a section name is not valid UTF-8");
        }
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > MAX_NAME) throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME + " bytes: '" + s + "'");
        return b;
    }

    private static CorruptFileException corrupt(Path file, String what) {
        return new CorruptFileException(file, what);
    }
}
