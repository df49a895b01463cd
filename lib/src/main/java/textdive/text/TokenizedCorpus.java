package textdive.text;

import textdive.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.List;

/**
 * A tokenized folder of documents: every document's tokens, the token counter and the lengths,
 * stored compactly (distinct tokens once, documents as ids into them) so a cached corpus of
 * 100,000 reviews loads in well under a second. Written and read by {@link Tokenizer#tokenizeFolder}.
 */
public final class TokenizedCorpus {
    private static final int MAGIC = 0x54444B31; // "TDK1"

    private final Path root;
    private final List<String> files;
    private final int[] offsets;
    private final int[] ids;
    private final String[] types;
    private final long[] counts;
    private final int invalidUtf8Files;
    private final long invalidUtf8Sequences;
    private Path cacheFile;
    private boolean fromCache;

    TokenizedCorpus(Path root, List<String> files, int[] offsets, int[] ids, String[] types, long[] counts,
                    int invalidUtf8Files, long invalidUtf8Sequences) {
        this.root = root;
        this.files = List.copyOf(files);
        this.offsets = offsets;
        this.ids = ids;
        this.types = types;
        this.counts = counts;
        this.invalidUtf8Files = invalidUtf8Files;
        this.invalidUtf8Sequences = invalidUtf8Sequences;
    }

    /** The folder that was tokenized. */
    public Path root() {
        return root;
    }

    /** Number of documents. */
    public int size() {
        return files.size();
    }

    /** Document paths relative to {@link #root()}, with '/' separators, in corpus order (sorted). */
    public List<String> files() {
        return files;
    }

    public int length(int doc) {
        return offsets[doc + 1] - offsets[doc];
    }

    public int[] lengths() {
        int[] l = new int[size()];
        for (int i = 0; i < l.length; i++) l[i] = length(i);
        return l;
    }

    /** Total number of tokens. */
    public long totalTokens() {
        return ids.length;
    }

    /** The tokens of one document. */
    public List<String> tokens(int doc) {
        int from = offsets[doc], n = length(doc);
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return types[ids[from + java.util.Objects.checkIndex(i, n)]];
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** The token counter in first-seen order. */
    public TokenCounter counter() {
        TokenCounter c = new TokenCounter();
        for (int i = 0; i < types.length; i++) c.add(types[i], counts[i]);
        return c;
    }

    /** Distinct tokens in first-seen order; {@link #typeIds} index into this. */
    String[] types() {
        return types;
    }

    /** The document's tokens as indices into {@link #types()} (shared array, offset {@code typeOffset(doc)}). */
    int[] typeIds() {
        return ids;
    }

    int typeOffset(int doc) {
        return offsets[doc];
    }

    public int invalidUtf8Files() {
        return invalidUtf8Files;
    }

    public long invalidUtf8Sequences() {
        return invalidUtf8Sequences;
    }

    /** Whether this corpus was loaded from the cache instead of tokenized now. */
    public boolean fromCache() {
        return fromCache;
    }

    /** Where the tokenized corpus is stored. */
    public Path cacheFile() {
        return cacheFile;
    }

    void setCache(Path file, boolean loaded) {
        this.cacheFile = file;
        this.fromCache = loaded;
    }

    @Override
    public String toString() {
        return "TokenizedCorpus(" + size() + " documents, " + totalTokens() + " tokens, " + types.length
                + " distinct" + (invalidUtf8Files > 0 ? ", " + invalidUtf8Files + " files with invalid UTF-8" : "")
                + (fromCache ? ", from cache " : ", cached at ") + cacheFile + ")";
    }

    /** Writes the corpus to {@code file} atomically (temporary file, then rename). */
    void write(Path file, String fingerprint) throws IOException {
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeInt(MAGIC);
            writeString(out, fingerprint);
            out.writeInt(invalidUtf8Files);
            out.writeLong(invalidUtf8Sequences);
            out.writeInt(types.length);
            for (int i = 0; i < types.length; i++) {
                writeString(out, types[i]);
                out.writeLong(counts[i]);
            }
            out.writeInt(files.size());
            for (int i = 0; i < files.size(); i++) {
                writeString(out, files.get(i));
                out.writeInt(offsets[i + 1]);
            }
            out.flush();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ids.length; ) {
                buf.clear();
                int n = Math.min(ids.length - i, buf.capacity() / 4);
                buf.asIntBuffer().put(ids, i, n);
                out.write(buf.array(), 0, n * 4);
                i += n;
            }
            out.flush();
        });
    }

    /** Reads a corpus written by {@link #write}, or returns null if it is missing or was made from other sources. */
    static TokenizedCorpus read(Path root, Path file, String fingerprint) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            InputStream is = java.nio.channels.Channels.newInputStream(ch);
            DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16));
            if (in.readInt() != MAGIC) return null;
            if (!readString(in).equals(fingerprint)) return null;
            int badFiles = in.readInt();
            long badSeqs = in.readLong();
            String[] types = new String[in.readInt()];
            long[] counts = new long[types.length];
            for (int i = 0; i < types.length; i++) {
                types[i] = readString(in);
                counts[i] = in.readLong();
            }
            int n = in.readInt();
            String[] files = new String[n];
            int[] offsets = new int[n + 1];
            for (int i = 0; i < n; i++) {
                files[i] = readString(in);
                offsets[i + 1] = in.readInt();
            }
            int[] ids = new int[offsets[n]];
            // the buffered stream may have read ahead: drain it first, then read the rest directly
            byte[] rest = in.readNBytes(ids.length * 4);
            if (rest.length != ids.length * 4) return null; // truncated: treat as stale
            IntBuffer ib = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            ib.get(ids);
            return new TokenizedCorpus(root, List.of(files), offsets, ids, types, counts, badFiles, badSeqs);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) throw new IOException("corrupt tokenized corpus (string length " + n + ")");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
