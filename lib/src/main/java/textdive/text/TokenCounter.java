package textdive.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token frequencies that remember first-seen order, like Python's {@code Counter}: the order
 * breaks ties when the vocab is sorted by frequency, so the same corpus always gives the same vocab.
 */
public final class TokenCounter {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private long[] counts = new long[64];

    public void add(String token) {
        add(token, 1);
    }

    public void add(String token, long count) {
        Integer i = index.get(token);
        if (i == null) {
            i = tokens.size();
            index.put(token, i);
            tokens.add(token);
            if (i == counts.length) counts = Arrays.copyOf(counts, counts.length * 2);
        }
        counts[i] += count;
    }

    public void addAll(Collection<String> toks) {
        for (String t : toks) add(t);
    }

    public long get(String token) {
        Integer i = index.get(token);
        return i == null ? 0 : counts[i];
    }

    /** Number of distinct tokens. */
    public int size() {
        return tokens.size();
    }

    /** Total number of tokens counted. */
    public long total() {
        long s = 0;
        for (int i = 0; i < tokens.size(); i++) s += counts[i];
        return s;
    }

    /** Distinct tokens in first-seen order. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** The {@code n} most frequent tokens, most frequent first, ties in first-seen order. */
    public List<Map.Entry<String, Long>> mostCommon(int n) {
        List<Integer> order = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong((Integer i) -> -counts[i])); // stable: ties keep first-seen order
        List<Map.Entry<String, Long>> out = new ArrayList<>(Math.min(n, order.size()));
        for (int k = 0; k < Math.min(n, order.size()); k++) out.add(Map.entry(tokens.get(order.get(k)), counts[order.get(k)]));
        return out;
    }

    @Override
    public String toString() {
        return "TokenCounter(" + size() + " distinct, " + total() + " total)";
    }
}
