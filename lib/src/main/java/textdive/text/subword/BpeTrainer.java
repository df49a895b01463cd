package textdive.text.subword;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains byte-pair-encoding merges the way SentencePiece does: start from characters, repeatedly
 * merge the most frequent adjacent pair (ties: the shorter, then the alphabetically first), and
 * give the n-th merge the score −n so the encoder replays merges in the order they were learnt.
 * As in SentencePiece, only the most frequent 5% of pairs (at least 1,000) are scanned, refreshed
 * every 100 merges; pair counts are updated only around the positions that change.
 */
final class BpeTrainer {
    private static final int UPDATE_ACTIVE_INTERVAL = 100;
    private static final int MIN_ACTIVE = 1000;
    private static final double TOP_FREQUENT_RATIO = 0.05;

    private static final class Symbol {
        final int id;
        final Symbol left, right;
        final String text;
        final int length;  // in code points
        final boolean unk;
        long freq;
        boolean active;
        /** Where this pair occurs, as (sentence, left, right); entries go stale and are dropped when counting. */
        long[] positions = new long[2];
        int npos;

        Symbol(int id, Symbol left, Symbol right, String text, int length, boolean unk) {
            this.id = id; this.left = left; this.right = right; this.text = text; this.length = length; this.unk = unk;
        }

        void addPosition(long p) {
            if (npos == positions.length) positions = Arrays.copyOf(positions, npos * 2);
            positions[npos++] = p;
        }
    }

    private final TrainerSpec spec;
    private final TrainingCorpus corpus;
    private final PieceValidator validator;
    private final Symbol[][] symbols;
    private final long[] freqs;
    private final Map<Integer, Symbol> charSymbols = new HashMap<>();
    private record PairKey(int left, int right) {}

    private final Map<PairKey, Symbol> pairCache = new HashMap<>();
    private final List<Symbol> active = new ArrayList<>();
    private int nextId;

    BpeTrainer(TrainerSpec spec, TrainingCorpus corpus) {
        this.spec = spec;
        this.corpus = corpus;
        this.validator = new PieceValidator(spec);
        symbols = new Symbol[corpus.size()][];
        freqs = new long[corpus.size()];
        for (int i = 0; i < symbols.length; i++) {
            int[] w = corpus.words.get(i);
            freqs[i] = corpus.freqs.get(i);
            symbols[i] = new Symbol[w.length];
            for (int j = 0; j < w.length; j++) symbols[i][j] = charSymbol(w[j]);
        }
    }

    private Symbol charSymbol(int c) {
        return charSymbols.computeIfAbsent(c, k -> new Symbol(nextId++, null, null, new String(Character.toChars(k)), 1,
                !corpus.requiredChars.containsKey(k)));
    }

    private Symbol pairSymbol(Symbol l, Symbol r) {
        if (l == null || r == null || l.unk || r.unk) return null;
        PairKey key = new PairKey(l.id, r.id);
        Symbol s = pairCache.get(key);
        if (s != null) return s;
        String text = l.text + r.text;
        int[] cps = text.codePoints().toArray();
        if (!validator.isValid(cps, 0, cps.length)) return null;
        s = new Symbol(nextId++, l, r, text, cps.length, false);
        pairCache.put(key, s);
        return s;
    }

    private static long pos(int sid, int l, int r) {
        return ((long) sid << 32) | ((long) l << 16) | r;
    }

    private void addPair(int sid, int l, int r) {
        if (l < 0 || r < 0) return;
        Symbol s = pairSymbol(symbols[sid][l], symbols[sid][r]);
        if (s != null) {
            activate(s);  // a pair created by a merge is a candidate at once
            s.addPosition(pos(sid, l, r));
        }
    }

    private void resetFreq(int sid, int l, int r, Symbol best) {
        if (l < 0 || r < 0) return;
        Symbol s = pairSymbol(symbols[sid][l], symbols[sid][r]);
        // The position itself goes stale (one of its symbols is about to change) and is dropped
        // at the next count.
        if (s != null && s != best) s.freq = 0;
    }

    /**
     * Counts the pair's current occurrences (dropping stale positions). Overlapping occurrences count
     * once, as in SentencePiece: "aaa" holds one "aa", since merging one uses up the other.
     */
    private void computeFreq(Symbol s) {
        if (s.freq > 0) return;
        Arrays.sort(s.positions, 0, s.npos);
        long f = 0;
        int kept = 0;
        int prevSid = -1, prevRight = -1;
        for (int k = 0; k < s.npos; k++) {
            long p = s.positions[k];
            int sid = (int) (p >>> 32), l = (int) ((p >>> 16) & 0xffff), r = (int) (p & 0xffff);
            if (s.left != symbols[sid][l] || s.right != symbols[sid][r]) continue;
            s.positions[kept++] = p;
            if (sid == prevSid && l == prevRight) continue;
            f += freqs[sid];
            prevSid = sid;
            prevRight = r;
        }
        s.npos = kept;
        s.freq = f;
    }

    private int next(int sid, int i) {
        for (int j = i + 1; j < symbols[sid].length; j++) if (symbols[sid][j] != null) return j;
        return -1;
    }

    private int prev(int sid, int i) {
        for (int j = i - 1; j >= 0; j--) if (symbols[sid][j] != null) return j;
        return -1;
    }

    /** The most frequent 5% of pairs (at least 1,000) become the candidates scanned at each merge. */
    private void updateActive() {
        List<Symbol> bigrams = new ArrayList<>(pairCache.values());
        long[] fs = new long[bigrams.size()];
        for (int i = 0; i < fs.length; i++) {
            computeFreq(bigrams.get(i));
            fs[i] = bigrams.get(i).freq;
        }
        // SentencePiece takes 5% of all symbols it knows, characters included.
        int known = pairCache.size() + charSymbols.size();
        int size = (int) Math.min(Math.max(MIN_ACTIVE, known * TOP_FREQUENT_RATIO), bigrams.size());
        for (Symbol a : active) a.active = false;
        active.clear();
        if (size == 0) return;
        Arrays.sort(fs);
        long threshold = fs[fs.length - size];
        int above = 0;
        for (Symbol b : bigrams) if (b.freq > threshold) { activate(b); above++; }
        for (Symbol b : bigrams) if (b.freq == threshold && above < size) { activate(b); above++; }
    }

    private void activate(Symbol s) {
        if (!s.active) {
            s.active = true;
            active.add(s);
        }
    }

    /** Removes a pair from the candidates for good. */
    private void forget(Symbol s) {
        pairCache.remove(new PairKey(s.left.id, s.right.id));
        active.remove(s);
        s.active = false;
    }

    /** Normal pieces, merges first (score −n for the n-th) then the required characters. */
    List<Piece> train(int metaCount) {
        for (int sid = 0; sid < symbols.length; sid++)
            for (int j = 1; j < symbols[sid].length; j++) addPair(sid, j - 1, j);
        int target = spec.vocabSize() - metaCount - corpus.requiredChars.size();
        if (target < 0)
            throw new IllegalArgumentException("vocab size " + spec.vocabSize() + " is smaller than the "
                    + corpus.requiredChars.size() + " required characters plus " + metaCount + " special pieces");
        List<Piece> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (out.size() < target) {
            if (out.size() % UPDATE_ACTIVE_INTERVAL == 0) updateActive();
            Symbol best = null;
            for (Symbol s : active) {
                computeFreq(s);
                if (best == null || s.freq > best.freq || (s.freq == best.freq && (s.length < best.length
                        || (s.length == best.length && s.text.compareTo(best.text) < 0)))) best = s;
            }
            if (best == null || best.freq == 0) break;  // nothing left to merge
            if (!seen.add(best.text)) {
                // The same string reached by another path ("aa"+"a" vs "a"+"aa"): one piece is enough,
                // and this pair is not merged.
                forget(best);
                continue;
            }
            out.add(new Piece(best.text, -out.size(), PieceType.NORMAL));
            long[] ps = Arrays.copyOf(best.positions, best.npos);
            Arrays.sort(ps);  // left to right, as SentencePiece's ordered set
            for (long p : ps) {
                int sid = (int) (p >>> 32), l = (int) ((p >>> 16) & 0xffff), r = (int) (p & 0xffff);
                if (symbols[sid][l] == null || symbols[sid][r] == null) continue;
                if (symbols[sid][l] != best.left || symbols[sid][r] != best.right) continue;
                int nx = next(sid, r), pv = prev(sid, l);
                resetFreq(sid, pv, l, best);
                resetFreq(sid, r, nx, best);
                symbols[sid][l] = best;
                symbols[sid][r] = null;
                addPair(sid, pv, l);
                addPair(sid, l, nx);
            }
            forget(best);
        }
        for (int c : corpus.requiredChars.keySet()) {
            String s = new String(Character.toChars(c));
            if (seen.add(s)) out.add(new Piece(s, -out.size(), PieceType.NORMAL));
        }
        return out;
    }
}
