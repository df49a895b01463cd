package textdive.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import textdive.data.Batch;
import textdive.nn.Parameter;
import textdive.viz.LrFinderPlot;

/** fastai's learning-rate finder: a short exponential sweep on a copy of the training state. */
public class LrFinder {
    /** The sweep (smoothed losses, as fastai plots them) and the valley suggestion. */
    public record Result(List<Double> lrs, List<Double> losses, double valley) {
        /** The plot fastai's {@code lr_find()} shows: loss against learning rate, the valley marked. */
        public XYChart plot() {
            return LrFinderPlot.of(lrs, losses, valley);
        }
    }

    private final Learner learn;

    LrFinder(Learner learn) {
        this.learn = learn;
    }

    Result run(Lr startLr, Lr endLr, int numIt) {
        List<Parameter> params = learn.model().parameters();
        Map<Parameter, double[]> saved = learn.engine().readAll(params);
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        try {
            learn.withTemporaryOptimizer(() -> {
                learn.opt().setWd(0.01);
                double mom = learn.opt().groups().get(0).mom();
                int n = learn.opt().groups().size();
                double[] starts = startLr.perGroup(n), ends = endLr.perGroup(n);
                DoubleUnaryOperator[] scheds = new DoubleUnaryOperator[n];
                for (int g = 0; g < n; g++) scheds[g] = Schedules.exp(starts[g], ends[g]);
                learn.recorder().resetSmoothing();
                learn.model().train();
                for (Callback cb : learn.cbs()) cb.beforeTrain(learn);
                double best = Double.POSITIVE_INFINITY;
                int it = 0;
                outer:
                while (it < numIt) {
                    for (Batch raw : learn.dls().train()) {
                        Batch b = learn.beforeBatch(raw);
                        double[] groupLrs = Learner.at(scheds, (double) it / numIt);
                        double lr = groupLrs[n - 1];
                        double smooth;
                        try {
                            smooth = learn.trainStep(b, groupLrs, mom);
                        } catch (IllegalStateException diverged) {
                            break outer;
                        }
                        lrs.add(lr);
                        losses.add(smooth);
                        it++;
                        if (smooth > 4 * best || Double.isNaN(smooth)) break outer;
                        best = Math.min(best, smooth);
                        if (it >= numIt) break outer;
                    }
                }
                return null;
            });
        } finally {
            for (var e : saved.entrySet()) e.getKey().set(e.getValue());
            learn.model().reset();
            learn.recorder().clearIterations();
        }
        return new Result(lrs, losses, valley(lrs, losses));
    }

    /** fastai's {@code valley}: the middle-to-late part of the longest descending run of the loss curve (last 5 points skipped). */
    static double valley(List<Double> lrs, List<Double> losses) {
        int n = Math.max(1, losses.size() - 5);
        if (losses.isEmpty()) return Double.NaN;
        int[] lds = new int[n];
        Arrays.fill(lds, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (losses.get(i) < losses.get(j) && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = maxStart + (int) sections + (int) (sections / 2);
        return lrs.get(Math.min(idx, lrs.size() - 1));
    }
}
