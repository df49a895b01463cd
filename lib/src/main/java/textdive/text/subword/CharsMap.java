package textdive.text.subword;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SentencePiece's precompiled charsmap: a double-array trie from source byte strings to offsets in
 * a blob of zero-terminated replacement strings. Blob layout: a little-endian uint32 trie size in
 * bytes, the trie units, then the replacement strings.
 */
final class CharsMap {
    private final DoubleArray trie;
    private final byte[] normalized;

    private CharsMap(DoubleArray trie, byte[] normalized) {
        this.trie = trie;
        this.normalized = normalized;
    }

    /**
     * Checking a trie visits up to 255 slots per unit, so its size is bounded to keep loading a crafted
     * file fast: nmt_nfkc, the largest built-in rule set, compiles to a trie of about 180 KB.
     */
    static final long MAX_TRIE_BYTES = 8L << 20;

    /**
     * Null for an empty blob (identity normalization). The trie is validated here, so that a damaged
     * or crafted model fails when it is loaded, not with an index error in {@code encode}.
     */
    static CharsMap decode(byte[] blob) {
        if (blob == null || blob.length == 0) return null;
        if (blob.length < 4) throw new IllegalArgumentException("precompiled charsmap is truncated");
        ByteBuffer bb = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieSize = bb.getInt() & 0xffffffffL;
        if (trieSize % 4 != 0 || trieSize == 0 || trieSize > blob.length - 4)
            throw new IllegalArgumentException("precompiled charsmap has a bad trie size " + trieSize);
        if (trieSize > MAX_TRIE_BYTES)
            throw new IllegalArgumentException("precompiled charsmap has a trie of " + trieSize + " bytes, over the " + (MAX_TRIE_BYTES >> 20) + " MB allowed");
        int[] units = new int[(int) (trieSize / 4)];
        for (int i = 0; i < units.length; i++) units[i] = bb.getInt();
        byte[] rest = Arrays.copyOfRange(blob, 4 + (int) trieSize, blob.length);
        DoubleArray trie = new DoubleArray(units);
        BitSet wellFormed = wellFormedStarts(rest);
        trie.validate(rest.length, offset -> {
            if (!wellFormed.get(offset))
                throw new IllegalArgumentException("precompiled charsmap: a rule's replacement at " + offset + " is not zero-terminated UTF-8");
        });
        return new CharsMap(trie, rest);
    }

    /**
     * The offsets in {@code strings} from which a well-formed UTF-8 string runs to a zero byte. A
     * replacement that is cut off or not UTF-8 would be read differently here (as U+FFFD) and by
     * SentencePiece (byte by byte, or past the end of the blob), so such a charsmap is refused.
     * One pass from the end, so the check is linear in the blob however many rules share a string.
     */
    private static BitSet wellFormedStarts(byte[] strings) {
        BitSet ok = new BitSet(strings.length);
        for (int p = strings.length - 1; p >= 0; p--) {
            if (strings[p] == 0) { ok.set(p); continue; }
            int len = Utf8.validCharLength(strings, p, strings.length);
            if (len > 0 && p + len < strings.length && ok.get(p + len)) ok.set(p);
        }
        return ok;
    }

    /**
     * The longest rule matching at {@code from}: returns {@code (length << 32) | offset} of its
     * replacement in {@link #replacement}, or -1.
     */
    long match(byte[] text, int from, int to) {
        long m = trie.longestPrefix(text, from, to);
        if (m >= 0 && (int) m >= normalized.length)
            throw new IllegalArgumentException("precompiled charsmap points outside its strings");
        return m;
    }

    /** The zero-terminated replacement strings; a match's offset points into this array. */
    byte[] strings() {
        return normalized;
    }

    int replacementLength(int offset) {
        int end = offset;
        while (end < normalized.length && normalized[end] != 0) end++;
        return end - offset;
    }

    /** Compiles rules (source string → replacement) into the blob format. */
    static byte[] compile(Map<String, String> rules) {
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
        for (var e : rules.entrySet())
            sorted.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        List<byte[]> keys = new ArrayList<>();
        int[] values = new int[sorted.size()];
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        for (var e : sorted.entrySet()) {
            keys.add(e.getKey());
            String r = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            Integer off = seen.get(r);
            if (off == null) {
                off = strings.size();
                seen.put(r, off);
                strings.writeBytes(e.getValue());
                strings.write(0);
            }
            values[i++] = off;
        }
        int[] units = DoubleArray.build(keys, values).units();
        ByteBuffer bb = ByteBuffer.allocate(4 + units.length * 4 + strings.size()).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(units.length * 4);
        for (int u : units) bb.putInt(u);
        bb.put(strings.toByteArray());
        return bb.array();
    }
}
