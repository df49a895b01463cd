package textdive.text.subword;

import java.util.Arrays;

/**
 * A character trie from pieces to ids, stored as one open-addressing hash table of
 * (node, char) → child: compact, and fast enough to walk every prefix at every position.
 */
final class PieceTrie {
    private long[] keys;
    private int[] children;
    private int mask;
    private int edges;
    private int[] values = new int[1024];
    private int nodes = 1;

    PieceTrie() {
        keys = new long[1 << 12];
        Arrays.fill(keys, -1L);
        children = new int[keys.length];
        mask = keys.length - 1;
        Arrays.fill(values, -1);
    }

    void put(String piece, int id) {
        int node = 0;
        for (int i = 0; i < piece.length(); i++) {
            int next = child(node, piece.charAt(i));
            if (next < 0) next = addChild(node, piece.charAt(i));
            node = next;
        }
        values[node] = id;
    }

    /** The child of {@code node} along {@code c}, or -1. The root is node 0. */
    int child(int node, char c) {
        long key = ((long) node << 16) | c;
        int h = hash(key) & mask;
        while (true) {
            long k = keys[h];
            if (k == key) return children[h];
            if (k == -1L) return -1;
            h = (h + 1) & mask;
        }
    }

    /** The id of the piece ending at {@code node}, or -1. */
    int value(int node) {
        return values[node];
    }

    private int addChild(int node, char c) {
        if ((edges + 1) * 2 > keys.length) rehash();
        int id = nodes++;
        if (id >= values.length) {
            int old = values.length;
            values = Arrays.copyOf(values, old * 2);
            Arrays.fill(values, old, values.length, -1);
        }
        insert(((long) node << 16) | c, id);
        edges++;
        return id;
    }

    private void insert(long key, int child) {
        int h = hash(key) & mask;
        while (keys[h] != -1L) h = (h + 1) & mask;
        keys[h] = key;
        children[h] = child;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        children = new int[keys.length];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != -1L) insert(oldKeys[i], oldChildren[i]);
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }
}
