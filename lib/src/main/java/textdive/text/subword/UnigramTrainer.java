package textdive.text.subword;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a unigram language model over subwords the way SentencePiece does (Kudo 2018):
 * <ol>
 * <li>seed the vocabulary with every character and the most frequent substrings (those that occur
 * at least twice and are followed by different characters, scored by frequency × length);</li>
 * <li>EM: the E-step computes each piece's expected count with forward–backward over each word's
 * lattice, the M-step turns counts into log-probabilities (with the digamma "Bayesian EM" of
 * SentencePiece, which acts as a sparse prior and drops pieces expected less than 0.5 times);</li>
 * <li>prune: drop the pieces whose removal costs the least likelihood (each piece's Viterbi
 * frequency re-assigned to its second-best segmentation), keeping 75% per round, until the
 * vocabulary is within 10% of the target; then keep the best pieces plus every required
 * character.</li>
 * </ol>
 */
final class UnigramTrainer {
    private static final double EXPECTED_FREQUENCY_THRESHOLD = 0.5;
    private static final float MIN_SCORE_PENALTY_DELTA = 0.0001f;

    private final TrainerSpec spec;
    private final TrainingCorpus corpus;
    private final PieceValidator validator;
    private final String[] words;
    private final long[] freqs;

    // The current model.
    private String[] pieces;
    private float[] scores;
    private PieceTrie trie;
    private float minScore;

    UnigramTrainer(TrainerSpec spec, TrainingCorpus corpus) {
        this.spec = spec;
        this.corpus = corpus;
        this.validator = new PieceValidator(spec);
        words = new String[corpus.size()];
        freqs = new long[corpus.size()];
        for (int i = 0; i < words.length; i++) {
            int[] w = corpus.words.get(i);
            words[i] = new String(w, 0, w.length);
            freqs[i] = corpus.freqs.get(i);
        }
    }

    /** Normal pieces with scores, best first; {@code metaCount} pieces of the vocabulary are reserved. */
    List<Piece> train(int metaCount) {
        List<Map.Entry<String, Double>> seeds = seeds();
        setPieces(seeds.stream().map(Map.Entry::getKey).toList(),
                toLogProb(seeds.stream().mapToDouble(Map.Entry::getValue).toArray()));
        int desired = (int) (spec.vocabSize() * 1.1);
        while (true) {
            for (int sub = 0; sub < spec.numSubIterations(); sub++) {
                double[] expected = eStep();
                mStep(expected);
            }
            if (pieces.length <= desired) break;
            prune(desired);
        }
        return finalizePieces(metaCount);
    }

    // ---- seeds -------------------------------------------------------------------------------

    private List<Map.Entry<String, Double>> seeds() {
        Map<Integer, Long> chars = new HashMap<>();
        // For each candidate substring: {frequency, first right context, branching flag}.
        Map<String, long[]> subs = new HashMap<>();
        int maxLen = spec.maxSentencePieceLength();
        for (int k = 0; k < corpus.size(); k++) {
            int[] w = corpus.words.get(k);
            long f = freqs[k];
            for (int c : w) if (c != PieceValidator.UNK_CHAR) chars.merge(c, f, Long::sum);
            for (int i = 0; i < w.length; i++) {
                for (int j = i + 2; j <= Math.min(w.length, i + maxLen); j++) {
                    if (!validator.isValid(w, i, j)) break;
                    long right = j < w.length ? w[j] : -1;
                    String key = new String(w, i, j - i);
                    long[] s = subs.get(key);
                    if (s == null) subs.put(key, new long[]{f, right, 0});
                    else {
                        s[0] += f;
                        if (s[1] != right) s[2] = 1;
                    }
                }
            }
        }
        List<Map.Entry<String, Double>> seeds = new ArrayList<>();
        List<Map.Entry<Integer, Long>> cs = new ArrayList<>(chars.entrySet());
        cs.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue())
                : Integer.compare(a.getKey(), b.getKey()));
        for (var e : cs) seeds.add(Map.entry(new String(Character.toChars(e.getKey())), (double) e.getValue()));
        // Substrings that occur at least twice and branch (an internal node of the suffix tree).
        List<Map.Entry<String, Double>> cand = new ArrayList<>();
        for (var e : subs.entrySet()) {
            long[] s = e.getValue();
            if (s[0] < 2 || s[2] == 0) continue;
            cand.add(Map.entry(e.getKey(), (double) s[0] * e.getKey().codePointCount(0, e.getKey().length())));
        }
        cand.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
        for (var e : cand) {
            if (seeds.size() >= spec.seedSentencePieceSize()) break;
            seeds.add(e);
        }
        return seeds;
    }

    private static float[] toLogProb(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        double logSum = Math.log(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (Math.log(v[i]) - logSum);
        return out;
    }

    private void setPieces(List<String> ps, float[] ss) {
        pieces = ps.toArray(new String[0]);
        scores = ss;
        trie = new PieceTrie();
        minScore = Float.MAX_VALUE;
        for (int i = 0; i < pieces.length; i++) {
            trie.put(pieces[i], i);
            minScore = Math.min(minScore, scores[i]);
        }
    }

    // ---- lattice -----------------------------------------------------------------------------

    /** Nodes of a word's lattice as parallel arrays; id -1 marks an unknown character. */
    private static final class Lattice {
        int n;
        int count;
        int[] start = new int[64], end = new int[64], id = new int[64];
        float[] score = new float[64];

        void add(int s, int e, int i, float sc) {
            if (count == start.length) {
                int m = count * 2;
                start = Arrays.copyOf(start, m); end = Arrays.copyOf(end, m);
                id = Arrays.copyOf(id, m); score = Arrays.copyOf(score, m);
            }
            start[count] = s; end[count] = e; id[count] = i; score[count] = sc;
            count++;
        }
    }

    /** All pieces at every position, in order of start then length, as SentencePiece populates them. */
    private void populate(String w, Lattice lat, int skipWhole) {
        lat.n = w.length();
        lat.count = 0;
        float unk = minScore - UnigramSegmenter.UNK_PENALTY;
        for (int s = 0; s < w.length(); ) {
            int cl = Character.charCount(w.codePointAt(s));
            boolean single = false;
            int node = 0;
            for (int i = s; i < w.length(); i++) {
                node = trie.child(node, w.charAt(i));
                if (node < 0) break;
                int id = trie.value(node);
                if (id < 0) continue;
                int e = i + 1;
                if (e - s == cl) single = true;
                if (s == 0 && e == w.length() && id == skipWhole) continue;
                lat.add(s, e, id, scores[id]);
            }
            if (!single) lat.add(s, s + cl, -1, unk);
            s += cl;
        }
    }

    private static double logAdd(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY) return y;
        if (y == Double.NEGATIVE_INFINITY) return x;
        double hi = Math.max(x, y), lo = Math.min(x, y);
        if (hi > lo + 50) return hi;
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    private double[] eStep() {
        double[] expected = new double[pieces.length];
        Lattice lat = new Lattice();
        double[] alpha = new double[64], beta = new double[64];
        for (int k = 0; k < words.length; k++) {
            populate(words[k], lat, -1);
            int n = lat.n;
            if (alpha.length < n + 1) { alpha = new double[2 * n + 1]; beta = new double[2 * n + 1]; }
            Arrays.fill(alpha, 0, n + 1, Double.NEGATIVE_INFINITY);
            Arrays.fill(beta, 0, n + 1, Double.NEGATIVE_INFINITY);
            alpha[0] = 0;
            beta[n] = 0;
            for (int j = 0; j < lat.count; j++)  // nodes are in start order
                alpha[lat.end[j]] = logAdd(alpha[lat.end[j]], alpha[lat.start[j]] + lat.score[j]);
            for (int j = lat.count - 1; j >= 0; j--)
                beta[lat.start[j]] = logAdd(beta[lat.start[j]], lat.score[j] + beta[lat.end[j]]);
            double z = alpha[n];
            for (int j = 0; j < lat.count; j++) {
                if (lat.id[j] < 0) continue;
                expected[lat.id[j]] += freqs[k] * Math.exp(alpha[lat.start[j]] + lat.score[j] + beta[lat.end[j]] - z);
            }
        }
        return expected;
    }

    private void mStep(double[] expected) {
        List<String> kept = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < pieces.length; i++) {
            if (expected[i] < EXPECTED_FREQUENCY_THRESHOLD) continue;
            kept.add(pieces[i]);
            counts.add(expected[i]);
            sum += expected[i];
        }
        // Bayesian EM: digamma instead of log, a sparse prior that favours fewer pieces.
        double logSum = digamma(sum);
        float[] s = new float[kept.size()];
        for (int i = 0; i < s.length; i++) s[i] = (float) (digamma(counts.get(i)) - logSum);
        setPieces(kept, s);
    }

    static double digamma(double x) {
        double result = 0;
        for (; x < 7; ++x) result -= 1 / x;
        x -= 1.0 / 2.0;
        double xx = 1.0 / x, xx2 = xx * xx, xx4 = xx2 * xx2;
        result += Math.log(x) + (1.0 / 24.0) * xx2 - (7.0 / 960.0) * xx4 + (31.0 / 8064.0) * xx4 * xx2
                - (127.0 / 30720.0) * xx4 * xx4;
        return result;
    }

    /** Viterbi over the lattice: ids of the best path ({@code -1} for unknown), and its score in out[0]. */
    private int[] viterbi(Lattice lat, double[] scoreOut) {
        int n = lat.n;
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        Arrays.fill(from, -2);
        from[0] = -1;
        for (int j = 0; j < lat.count; j++) {
            int s = lat.start[j], e = lat.end[j];
            if (from[s] == -2 && s != 0) continue;
            double c = best[s] + lat.score[j];
            if (from[e] == -2 || c > best[e]) { best[e] = c; from[e] = j; }
        }
        if (from[n] == -2) return null;
        if (scoreOut != null) scoreOut[0] = best[n];
        int len = 0;
        for (int p = n; p > 0; p = lat.start[from[p]]) len++;
        int[] ids = new int[len];
        for (int p = n; p > 0; p = lat.start[from[p]]) ids[--len] = lat.id[from[p]];
        return ids;
    }

    private void prune(int desired) {
        int size = pieces.length;
        boolean[] alwaysKeep = new boolean[size];
        int[][] alternatives = new int[size][];
        Lattice lat = new Lattice();
        double[] sc = new double[1];
        for (int i = 0; i < size; i++) {
            // The second-best segmentation of the piece: the best one that does not use the piece itself.
            populate(pieces[i], lat, i);
            int[] alt = viterbi(lat, sc);
            if (alt == null) { alwaysKeep[i] = true; continue; }
            if (sc[0] > scores[i]) { alwaysKeep[i] = false; continue; }  // its own best path is split
            alwaysKeep[i] = true;
            alternatives[i] = alt;
        }
        double[] freq = new double[size];
        double[] sentenceFreq = new double[size];  // sum over occurrences of the word's frequency
        double vsum = 0;
        for (int k = 0; k < words.length; k++) {
            populate(words[k], lat, -1);
            vsum += freqs[k];
            for (int id : viterbi(lat, null)) {
                if (id < 0) continue;
                freq[id] += freqs[k];
                sentenceFreq[id] += freqs[k];
            }
        }
        double sum = 0;
        for (double f : freq) sum += f;
        double logSum = Math.log(sum);
        List<Integer> keep = new ArrayList<>();
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (freq[i] == 0 || !alwaysKeep[i]) continue;
            if (alternatives[i] == null) { keep.add(i); continue; }
            double f = sentenceFreq[i] / vsum;
            double logProbSp = Math.log(freq[i]) - logSum;
            // SentencePiece (through 0.2.0) scales by the vocabulary size here where the number of
            // alternatives is meant; we keep its formula so the pruning order matches.
            double logSumAlt = Math.log(sum + freq[i] * (size - 1));
            double logProbAlt = 0;
            for (int n : alternatives[i]) logProbAlt += Math.log((n < 0 ? 0 : freq[n]) + freq[i]) - logSumAlt;
            candidates.add(new double[]{i, f * (logProbSp - logProbAlt)});
        }
        int prunedSize = Math.max(desired, (int) (spec.shrinkingFactor() * size));
        candidates.sort((a, b) -> a[1] != b[1] ? Double.compare(b[1], a[1]) : Double.compare(a[0], b[0]));
        for (double[] c : candidates) {
            if (keep.size() >= prunedSize) break;
            keep.add((int) c[0]);
        }
        List<String> ps = new ArrayList<>(keep.size());
        float[] ss = new float[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            ps.add(pieces[keep.get(k)]);
            ss[k] = scores[keep.get(k)];
        }
        setPieces(ps, ss);
    }

    private List<Piece> finalizePieces(int metaCount) {
        Map<String, Float> current = new HashMap<>();
        for (int i = 0; i < pieces.length; i++) current.put(pieces[i], scores[i]);
        Map<String, Float> fin = new HashMap<>();
        float penalty = 0;
        for (int c : corpus.requiredChars.keySet()) {
            String s = new String(Character.toChars(c));
            Float sc = current.get(s);
            if (sc != null) fin.put(s, sc);
            else {
                fin.put(s, minScore + penalty);
                penalty += MIN_SCORE_PENALTY_DELTA;
            }
        }
        int target = spec.vocabSize() - metaCount;
        if (fin.size() > target)
            throw new IllegalArgumentException("vocab size " + spec.vocabSize() + " is smaller than the "
                    + fin.size() + " required characters plus " + metaCount + " special pieces");
        Integer[] order = new Integer[pieces.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : pieces[a].compareTo(pieces[b]));
        for (int i : order) {
            if (fin.size() >= target) break;
            fin.putIfAbsent(pieces[i], scores[i]);
        }
        List<Piece> out = new ArrayList<>();
        for (var e : fin.entrySet()) out.add(new Piece(e.getKey(), e.getValue(), PieceType.NORMAL));
        out.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : a.piece().compareTo(b.piece()));
        return out;
    }
}
