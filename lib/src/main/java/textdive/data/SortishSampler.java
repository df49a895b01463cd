package textdive.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Training order for texts of different lengths, as fastai's {@code SortedDL} with shuffle:
 * shuffle, sort chunks of 50 batches by decreasing length, cut into batches, shuffle the batches
 * except the first (which holds the longest text, so running out of memory shows up at once) and
 * the last (the short remainder). Batches then hold texts of similar length: little padding, yet
 * a different order every epoch.
 */
public final class SortishSampler {
    private final int[] lengths;
    private final int bs;

    public SortishSampler(int[] lengths, int bs) {
        if (bs <= 0) throw new IllegalArgumentException("bs must be positive, got " + bs);
        this.lengths = lengths.clone();
        this.bs = bs;
    }

    /** One epoch's order of item indices. */
    public int[] order(Random rng) {
        int n = lengths.length;
        if (n == 0) return new int[0];
        List<Integer> idxs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) idxs.add(i);
        Collections.shuffle(idxs, rng);
        int longest = 0;
        for (int i = 1; i < n; i++) if (lengths[i] > lengths[longest]) longest = i;
        int at = idxs.indexOf(longest);
        Collections.swap(idxs, 0, at);
        Comparator<Integer> byLengthDesc = Comparator.comparingInt((Integer i) -> -lengths[i]);
        int chunk = (int) Math.min(Integer.MAX_VALUE, 50L * bs); // bs * 50 overflowed (negative) for a bs above 42 million
        List<Integer> sorted = new ArrayList<>(n);
        for (long s = 0; s < n; s += chunk) {
            List<Integer> c = new ArrayList<>(idxs.subList((int) s, (int) Math.min(n, s + chunk)));
            c.sort(byLengthDesc); // stable
            sorted.addAll(c);
        }
        List<List<Integer>> batches = new ArrayList<>();
        for (long s = 0; s < n; s += bs) batches.add(sorted.subList((int) s, (int) Math.min(n, s + bs)));
        List<List<Integer>> middle = batches.size() > 2 ? new ArrayList<>(batches.subList(1, batches.size() - 1)) : new ArrayList<>();
        Collections.shuffle(middle, rng);
        List<Integer> out = new ArrayList<>(n);
        out.addAll(batches.get(0));
        for (List<Integer> b : middle) out.addAll(b);
        if (batches.size() > 1) out.addAll(batches.get(batches.size() - 1));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
