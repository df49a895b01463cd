package textdive.text.subword;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A double-array trie over byte strings in the darts-clone layout, the format of the precompiled
 * charsmap inside a SentencePiece model. Each 32-bit unit holds a label (8 bits), a has-leaf flag,
 * and the XOR offset to its children; a leaf value sits at child label 0. {@link #build} writes the
 * same layout, so tables we compile load in SentencePiece as well.
 */
final class DoubleArray {
    private final int[] units;

    DoubleArray(int[] units) {
        if (units.length == 0) throw new IllegalArgumentException("empty double array");
        this.units = units;
    }

    int[] units() {
        return units;
    }

    private static boolean hasLeaf(int u) { return ((u >>> 8) & 1) == 1; }
    private static int value(int u) { return u & 0x7fffffff; }
    private static int label(int u) { return u & (0x80000000 | 0xff); }
    private static int offset(int u) { return (u >>> 10) << ((u & (1 << 9)) >>> 6); }

    /**
     * The longest key that is a prefix of {@code key[from..to)}: returns {@code (length << 32) | value},
     * or -1 when no key matches.
     */
    long longestPrefix(byte[] key, int from, int to) {
        int pos = 0;
        int u = units[0];
        pos ^= offset(u);
        long best = -1;
        for (int i = from; i < to; i++) {
            int c = key[i] & 0xff;
            pos ^= c;
            if (pos >= units.length) return best;
            u = units[pos];
            if (label(u) != c) return best;
            pos ^= offset(u);
            if (hasLeaf(u)) best = ((long) (i - from + 1) << 32) | value(units[pos]);
        }
        return best;
    }

    /**
     * Walks every node reachable from the root exactly as {@link #longestPrefix} would, and fails
     * unless every node's block of 256 child slots lies inside the array and every leaf value is below {@code valueLimit}.
     * A trie that passes cannot make a lookup read out of range, whatever the input. Each reachable
     * leaf value is then given to {@code leafValue}, for checks of what it points to.
     */
    void validate(int valueLimit, IntConsumer leafValue) {
        BitSet seen = new BitSet(units.length);
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = 0;
        seen.set(0);
        while (top > 0) {
            int pos = stack[--top];
            int u = units[pos];
            int base = pos ^ offset(u);
            // darts-clone (and build) allocate a node's 256 child slots together inside the array;
            // SentencePiece does not check bounds, so a block past the end would be read from beyond it.
            if ((base | 0xff) >= units.length) throw new IllegalArgumentException("precompiled charsmap: a node's children lie outside the trie");
            if (hasLeaf(u)) {
                if (value(units[base]) >= valueLimit) throw new IllegalArgumentException("precompiled charsmap: a rule points outside its strings");
                leafValue.accept(value(units[base]));
            }
            for (int c = 1; c < 256; c++) {
                int child = base ^ c;
                if (child >= units.length || label(units[child]) != c || seen.get(child)) continue;
                seen.set(child);
                if (top == stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
                stack[top++] = child;
            }
        }
    }

    /** Builds a double array from byte keys in strictly increasing unsigned order, with values ≥ 0. */
    static DoubleArray build(List<byte[]> keys, int[] values) {
        for (int i = 1; i < keys.size(); i++)
            if (Arrays.compareUnsigned(keys.get(i - 1), keys.get(i)) >= 0)
                throw new IllegalArgumentException("keys must be sorted and distinct");
        Builder b = new Builder();
        b.place(0, keys, values, 0, keys.size(), 0);
        return new DoubleArray(Arrays.copyOf(b.units, b.size));
    }

    private static final class Builder {
        int[] units = new int[1 << 16];
        BitSet used = new BitSet();
        BitSet usedBase = new BitSet();
        int size = 1;
        int searchFrom = 1;

        /** Places the children of node {@code pos}: keys[lo..hi) share their first {@code depth} bytes. */
        void place(int pos, List<byte[]> keys, int[] values, int lo, int hi, int depth) {
            used.set(pos);
            List<Integer> labels = new ArrayList<>();
            boolean leaf = false;
            int leafValue = 0;
            for (int i = lo; i < hi; i++) {
                byte[] k = keys.get(i);
                if (k.length == depth) { leaf = true; leafValue = values[i]; continue; }
                int c = k[depth] & 0xff;
                if (c == 0) throw new IllegalArgumentException("keys must not contain a zero byte");
                if (labels.isEmpty() || labels.get(labels.size() - 1) != c) labels.add(c);
            }
            if (leaf) labels.add(0, 0);
            int base = findBase(labels);
            int off = pos ^ base;
            ensure(base | 0xff);
            units[pos] = (units[pos] & (0x80000000 | 0x1ff)) | encodeOffset(off);
            if (leaf) units[pos] |= 1 << 8;
            usedBase.set(base);
            for (int c : labels) used.set(base ^ c);
            if (leaf) units[base] = leafValue | 0x80000000;
            size = Math.max(size, (base | 0xff) + 1);
            // Children: set labels first, then recurse.
            int i = lo;
            while (i < hi) {
                byte[] k = keys.get(i);
                if (k.length == depth) { i++; continue; }
                int c = k[depth] & 0xff;
                int j = i;
                while (j < hi && keys.get(j).length > depth && (keys.get(j)[depth] & 0xff) == c) j++;
                int child = base ^ c;
                units[child] = (units[child] & ~0xff) | c;
                place(child, keys, values, i, j, depth + 1);
                i = j;
            }
        }

        /** A base whose child slots are all free: try the free slots in order as the first child's. */
        private int findBase(List<Integer> labels) {
            int first = labels.get(0);
            for (int p = used.nextClearBit(searchFrom); ; p = used.nextClearBit(p + 1)) {
                int b = p ^ first;
                if (usedBase.get(b)) continue;
                boolean ok = true;
                for (int c : labels) {
                    int q = b ^ c;
                    if (q == 0 || used.get(q)) { ok = false; break; }
                }
                if (ok) {
                    searchFrom = used.nextClearBit(searchFrom);
                    return b;
                }
            }
        }

        private static int encodeOffset(int off) {
            if (off < (1 << 21)) return off << 10;
            if (off < (1 << 29) && (off & 0xff) == 0) return (off >>> 8) << 10 | (1 << 9);
            throw new IllegalStateException("double array too large: offset " + off);
        }

        private void ensure(int idx) {
            if (idx >= units.length) units = Arrays.copyOf(units, Math.max(units.length * 2, idx + 1));
        }
    }
}
