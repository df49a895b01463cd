package textdive.text.subword;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BPE encoding as SentencePiece does it: start from characters (user-defined symbols stay whole
 * and frozen), then repeatedly merge the adjacent pair whose merged piece has the highest score,
 * leftmost first on ties. A merged piece that is marked unused is split back into the two pieces
 * it was made of.
 */
final class BpeSegmenter implements Segmenter {
    private final Vocab vocab;
    private final Map<String, Integer> segmentable = new HashMap<>();
    private final PieceTrie trie = new PieceTrie();
    private final PrefixMatcher userDefined;
    private final Map<String, String[]> reverseMerges = new HashMap<>();

    BpeSegmenter(Vocab vocab) {
        this.vocab = vocab;
        List<String> uds = new ArrayList<>();
        for (int i = 0; i < vocab.size(); i++) {
            Piece p = vocab.pieces.get(i);
            if (Vocab.segmentable(p.type())) { segmentable.put(p.piece(), i); trie.put(p.piece(), i); }
            if (p.type() == PieceType.USER_DEFINED) uds.add(p.piece());
        }
        userDefined = new PrefixMatcher(uds);
        boolean independent = true;
        for (String p : segmentable.keySet()) if (p.indexOf(SPACE, 1) >= 0) independent = false;
        wordsIndependent = independent;
        for (Piece p : vocab.pieces) {
            if (p.type() != PieceType.UNUSED) continue;
            String w = p.piece();
            int k = splitPoint(w);
            if (k > 0) reverseMerges.put(w, new String[]{w.substring(0, k), w.substring(k)});
        }
    }

    /**
     * The shortest prefix length at which an unused piece splits into two segmentable pieces, or -1.
     * Walks the trie along the piece, so only prefixes that are pieces cost a lookup of their rest
     * (testing every cut by substrings took time quadratic in the piece's length).
     */
    private int splitPoint(String w) {
        int node = 0;
        for (int k = 1; k < w.length(); k++) {
            node = trie.child(node, w.charAt(k - 1));
            if (node < 0) return -1;
            if (trie.value(node) >= 0 && lookup(w, k, w.length()) >= 0) return k;
        }
        return -1;
    }

    private record Pair(int left, int right, float score, int size) {}

    private static final int CACHE_LIMIT = 200_000;
    /** Segmentations of single words, relative to the word start. */
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();
    /** True when no piece has ▁ after its first character: merges then never cross words. */
    private final boolean wordsIndependent;

    /**
     * Merges never cross a word boundary when no piece holds {@code ▁} inside, so each word can be
     * segmented alone, in any order, with the same result; words repeat, so their segmentations
     * are cached.
     */
    @Override
    public int[] segment(String s) {
        if (!wordsIndependent) return segmentWhole(s);
        Triples out = new Triples(s.length() * 3);
        int start = 0, n = s.length();
        while (start < n) {
            int end = s.indexOf(SPACE, start + 1);
            if (end < 0) end = n;
            String word = s.substring(start, end);
            int[] seg = cache.get(word);
            if (seg == null) {
                seg = segmentWhole(word);
                if (cache.size() >= CACHE_LIMIT) cache.clear();
                cache.put(word, seg);
            }
            for (int k = 0; k < seg.length; k += 3) out.add(seg[k] + start, seg[k + 1] + start, seg[k + 2]);
            start = end;
        }
        return Arrays.copyOf(out.a, out.n);
    }

    private static final char SPACE = '\u2581';

    private int[] segmentWhole(String s) {
        int n = s.length();
        if (n == 0) return new int[0];
        // Symbols as [start, end) with linked list prev/next.
        int[] st = new int[n], en = new int[n], prev = new int[n], next = new int[n];
        boolean[] freeze = new boolean[n];
        int count = 0;
        byte[] utf8 = userDefined.isEmpty() ? null : s.getBytes(StandardCharsets.UTF_8);
        int bytePos = 0;
        for (int i = 0; i < n; ) {
            int len = Character.isHighSurrogate(s.charAt(i)) && i + 1 < n ? 2 : 1;
            if (utf8 != null) {
                int m = userDefined.match(utf8, bytePos, utf8.length);
                if (m > 0) {
                    String sym = new String(utf8, bytePos, m, StandardCharsets.UTF_8);
                    len = sym.length();
                    freeze[count] = true;
                }
                for (int k = i; k < i + len; k++) {
                    char c = s.charAt(k);
                    bytePos += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
                }
            }
            st[count] = i;
            en[count] = i + len;
            prev[count] = count - 1;
            next[count] = i + len < n ? count + 1 : -1;
            count++;
            i += len;
        }
        PriorityQueue<Pair> agenda = new PriorityQueue<>((a, b) -> {
            if (a.score != b.score) return a.score > b.score ? -1 : 1;
            return Integer.compare(a.left, b.left);
        });
        for (int i = 1; i < count; i++) maybeAdd(s, agenda, i - 1, i, st, en, freeze);
        while (!agenda.isEmpty()) {
            Pair top = agenda.poll();
            int l = top.left, r = top.right;
            if (st[l] == en[l] || st[r] == en[r] || (en[l] - st[l]) + (en[r] - st[r]) != top.size) continue;
            en[l] = en[r];
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            st[r] = en[r];
            if (prev[l] >= 0) maybeAdd(s, agenda, prev[l], l, st, en, freeze);
            if (next[l] >= 0) maybeAdd(s, agenda, l, next[l], st, en, freeze);
        }
        Triples out = new Triples(count * 3);
        for (int i = 0; i != -1; i = next[i]) resegment(s, st[i], en[i], out);
        return Arrays.copyOf(out.a, out.n);
    }

    private void maybeAdd(String s, PriorityQueue<Pair> agenda, int l, int r, int[] st, int[] en, boolean[] freeze) {
        if (freeze[l] || freeze[r]) return;
        int id = lookup(s, st[l], en[r]);
        if (id < 0) return;
        agenda.add(new Pair(l, r, vocab.pieces.get(id).score(), en[r] - st[l]));
    }

    /** The id of {@code s[from, to)} as a piece, or -1, without building the substring. */
    private int lookup(String s, int from, int to) {
        int node = 0;
        for (int i = from; i < to && node >= 0; i++) node = trie.child(node, s.charAt(i));
        return node < 0 ? -1 : trie.value(node);
    }

    /** A growable flat array of (start, end, id). */
    private static final class Triples {
        int[] a;
        int n;

        Triples(int cap) { a = new int[Math.max(cap, 3)]; }

        void add(int from, int to, int id) {
            if (n + 3 > a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = from; a[n++] = to; a[n++] = id;
        }
    }

    private void resegment(String s, int from, int to, Triples out) {
        int id = lookup(s, from, to);
        if (id < 0 || vocab.type(id) != PieceType.UNUSED) {
            out.add(from, to, id < 0 ? vocab.unkId : id);
            return;
        }
        String[] parts = reverseMerges.get(s.substring(from, to));
        if (parts == null) { out.add(from, to, id); return; }
        resegment(s, from, from + parts[0].length(), out);
        resegment(s, from + parts[0].length(), to, out);
    }
}
