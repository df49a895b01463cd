package textdive.text;

/**
 * A single-thread cache from a piece of text (a region of a larger string) to its tokens, looked up
 * without cutting the piece out of the text: the hash is computed over the region and keys are
 * compared in place. Most pieces of a corpus have been seen before, so this is where a word
 * tokenizer spends its time.
 */
final class PieceCache {
    private final int limit;
    private String[] keys;
    private String[][] values;
    private int[] hashes;
    private int size;

    PieceCache(int limit) {
        this.limit = limit;
        int cap = 1 << 14;
        keys = new String[cap];
        values = new String[cap][];
        hashes = new int[cap];
    }

    /** String.hashCode's formula over {@code text[b, e)}. */
    static int hash(String text, int b, int e) {
        int h = 0;
        for (int i = b; i < e; i++) h = 31 * h + text.charAt(i);
        return h;
    }

    private static int slot(int h, int mask) {
        int x = h * 0x9E3779B9;
        return (x ^ (x >>> 16)) & mask;
    }

    String[] get(String text, int b, int e, int h) {
        int mask = keys.length - 1, len = e - b;
        for (int i = slot(h, mask); ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) return null;
            if (hashes[i] == h && k.length() == len && text.regionMatches(b, k, 0, len)) return values[i];
        }
    }

    void put(String key, int h, String[] tokens) {
        if (size >= limit) return;
        if (2 * (size + 1) > keys.length) grow();
        insert(key, h, tokens);
        size++;
    }

    private void insert(String key, int h, String[] tokens) {
        int mask = keys.length - 1;
        int i = slot(h, mask);
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].equals(key)) {
                values[i] = tokens;
                size--;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = tokens;
    }

    private void grow() {
        String[] k = keys;
        String[][] v = values;
        int[] hs = hashes;
        keys = new String[k.length * 2];
        values = new String[k.length * 2][];
        hashes = new int[k.length * 2];
        for (int i = 0; i < k.length; i++) if (k[i] != null) insert(k[i], hs[i], v[i]);
    }
}
