package textdive.ulmfit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A classifier's predictions for a whole set, in the set's item order (fastai's {@code get_preds}): each item's class
 * probabilities and its target. What the book averages to ensemble the forward and the backward model.
 */
public record Preds(double[][] probs, int[] targets, List<String> classes) {
    public Preds {
        if (probs.length != targets.length) throw new IllegalArgumentException(probs.length + " predictions but " + targets.length + " targets");
        for (double[] p : probs) {
            if (p.length != classes.size()) throw new IllegalArgumentException("a prediction over " + p.length + " classes, expected " + classes.size());
        }
        classes = List.copyOf(classes);
    }

    public int size() {
        return targets.length;
    }

    /** The predicted class of each item (the most probable). */
    public int[] predicted() {
        int[] out = new int[probs.length];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < probs[i].length; c++) if (probs[i][c] > probs[i][best]) best = c;
            out[i] = best;
        }
        return out;
    }

    public double accuracy() {
        int[] p = predicted();
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == targets[i]) ok++;
        return (double) ok / p.length;
    }

    /** Each item's cross-entropy loss, {@code -log p(target)}. */
    public double[] losses() {
        double[] out = new double[probs.length];
        for (int i = 0; i < out.length; i++) out[i] = -Math.log(Math.max(probs[i][targets[i]], 1e-300));
        return out;
    }

    /** fastai's {@code top_losses}: the items the model got most confidently wrong (highest loss first). */
    public int[] topLosses(int k) {
        double[] l = losses();
        return IntStream.range(0, l.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -l[i])).limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The mean of several models' probabilities for the same items (the book's forward + backward ensemble). */
    public static Preds ensemble(Preds... models) {
        if (models.length == 0) throw new IllegalArgumentException("ensemble needs at least one model's predictions");
        Preds first = models[0];
        for (Preds m : models) {
            if (!Arrays.equals(m.targets, first.targets) || !m.classes.equals(first.classes)) {
                throw new IllegalArgumentException("ensembled predictions must be for the same items, in the same order, with the same classes");
            }
        }
        double[][] mean = new double[first.size()][first.classes.size()];
        for (Preds m : models) {
            for (int i = 0; i < mean.length; i++) for (int c = 0; c < mean[i].length; c++) mean[i][c] += m.probs[i][c] / models.length;
        }
        return new Preds(mean, first.targets, first.classes);
    }

    /** The indices of the items where the two sets of predictions disagree about the class. */
    public List<Integer> disagreements(Preds other) {
        int[] a = predicted(), b = other.predicted();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) out.add(i);
        return out;
    }
}
