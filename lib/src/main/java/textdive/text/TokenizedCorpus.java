package textdive.text;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * A tokenized folder of documents: every document's tokens, the token counter and the lengths,
 * stored compactly (distinct tokens once, documents as ids into them) so a cached corpus of
 * 100,000 reviews loads in well under a second. Made by {@link TokenizeFolder#tokenizeFolder},
 * stored by {@link CorpusCache}.
 */
public final class TokenizedCorpus {
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
                return types[ids[from + Objects.checkIndex(i, n)]];
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

    /** Where each document's tokens end in {@link #typeIds()} (index 0 holds 0). */
    int[] offsets() {
        return offsets;
    }

    /** How often each of {@link #types()} occurs. */
    long[] counts() {
        return counts;
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

    /** Where the tokenized corpus is stored; null when it could not be stored anywhere (then it lives in memory only). */
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
                + (cacheFile == null ? ", not cached" : (fromCache ? ", from cache " : ", cached at ") + cacheFile) + ")";
    }
}
