package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import textdive.data.DataLoaders;
import textdive.data.HumanNumbersData;
import textdive.data.ItemDataLoader.Item;
import textdive.models.LMModel4;
import textdive.nn.Losses;
import textdive.nn.Rng;

/**
 * The whole chapter-12 recipe against an independent plain-Java (float64) re-implementation of what
 * fastai does: LMModel4 ({@code h = relu(h_h(h + i_h(x_t)))}, an output per step, h detached and
 * carried across batches in group_chunks order), mean cross-entropy over every position, fastai's
 * Adam (dampened first moment with the scheduled momentum, debiasing with that momentum, eps after
 * the square root, decoupled weight decay {@code p *= 1 - lr*wd} before the step, biases of Linear
 * layers not decayed, the embedding decayed), fit_one_cycle's lr and momentum at
 * {@code pct = iteration / total} set before each batch, ModelResetter before training and before
 * validation, and accuracy averaged over batches weighted by batch size.
 */
class FastaiRecipeTest {
    static final int V = 7;
    static final int H = 8;
    static final int BS = 4;
    static final int SL = 5;
    static final int EPOCHS = 3;
    static final double LR = 1e-2;
    static final double WD = 0.1;

    /** A stream with some structure (mostly counting mod V, sometimes a random token). */
    static int[] stream() {
        SplittableRandom r = new SplittableRandom(5);
        int[] nums = new int[720];
        for (int i = 1; i < nums.length; i++) nums[i] = r.nextInt(4) == 0 ? r.nextInt(V) : (nums[i - 1] + 1) % V;
        return nums;
    }

    @Test
    void lmModel4FollowsFastaisRecipeStepByStep() {
        // the library's chapter-12 recipe (the notebooks' and the benchmark's) on a synthetic stream
        List<Item> seqs = HumanNumbersData.sequenceItems(stream(), SL);
        int cut = HumanNumbersData.cut(seqs);
        List<Item> trn = seqs.subList(0, cut);
        List<Item> val = seqs.subList(cut, seqs.size());
        DataLoaders dls = HumanNumbersData.groupedSplit(seqs, BS);

        Rng.seed(3);
        LMModel4 net = new LMModel4(V, H, BS);
        Map<String, double[]> p = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> p.put(k, roundToFloat(v.data())));
        assertEquals(List.of("iH.weight", "hH.weight", "hH.bias", "hO.weight", "hO.bias"), List.copyOf(p.keySet()));

        Learner learn = new Learner(dls, net, Losses.crossEntropyFlat(), List.of(Metrics.accuracy()), List.of(new ModelResetter()));
        learn.recorder().silent(true);
        learn.fitOneCycle(EPOCHS, LR, WD);

        Reference ref = new Reference(p);
        List<double[]> epochs = ref.fit(trn, val);
        List<Double> ours = learn.recorder().losses();
        assertEquals(ref.smoothLosses.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(ref.smoothLosses.get(i), ours.get(i), 2e-5, "smoothed training loss at iteration " + i);
        }
        var table = learn.recorder().table();
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(epochs.get(e)[0], table.doubleColumn("valid_loss").get(e), 2e-5, "valid loss, epoch " + e);
            assertEquals(epochs.get(e)[1], table.doubleColumn("accuracy").get(e), 1e-6, "accuracy, epoch " + e);
        }
        for (var e : net.namedParameters().entrySet()) {
            double[] want = p.get(e.getKey());
            double[] got = e.getValue().data();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 2e-5, e.getKey() + "[" + i + "] after training");
        }
        learn.close();
    }

    private static double[] roundToFloat(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = (float) xs[i];
        return out;
    }

    /** fastai + PyTorch semantics, written out by hand. Updates the parameter arrays in place. */
    static final class Reference {
        final Map<String, double[]> p;
        final Map<String, double[]> gradAvg = new LinkedHashMap<>();
        final Map<String, double[]> sqrAvg = new LinkedHashMap<>();
        final List<Double> smoothLosses = new ArrayList<>();
        double[] h = new double[BS * H];

        Reference(Map<String, double[]> p) {
            this.p = p;
            p.forEach((k, v) -> {
                gradAvg.put(k, new double[v.length]);
                sqrAvg.put(k, new double[v.length]);
            });
        }

        /** The book's group_chunks, then consecutive batches of BS items, the last partial one dropped. */
        static List<List<Item>> batches(List<Item> ds) {
            int m = ds.size() / BS;
            List<Item> grouped = new ArrayList<>();
            for (int i = 0; i < m; i++) for (int j = 0; j < BS; j++) grouped.add(ds.get(i + m * j));
            List<List<Item>> out = new ArrayList<>();
            for (int b = 0; b + BS <= grouped.size(); b += BS) out.add(grouped.subList(b, b + BS));
            return out;
        }

        static double cos(double start, double end, double pos) {
            return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
        }

        static double combinedCos(double pos, double start, double mid, double end) {
            return pos < 0.25 ? cos(start, mid, pos / 0.25) : cos(mid, end, (pos - 0.25) / 0.75);
        }

        /** Returns (valid loss, accuracy) per epoch. */
        List<double[]> fit(List<Item> trn, List<Item> val) {
            List<List<Item>> tb = batches(trn);
            List<List<Item>> vb = batches(val);
            long total = (long) EPOCHS * tb.size();
            long iter = 0;
            int step = 0;
            double avg = 0;
            List<double[]> out = new ArrayList<>();
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                h = new double[BS * H]; // ModelResetter.before_train
                for (List<Item> b : tb) {
                    double pct = (double) iter / total;
                    double lr = combinedCos(pct, LR / 25, LR, LR / 1e5);
                    double mom = combinedCos(pct, 0.95, 0.85, 0.95);
                    Map<String, double[]> g = new LinkedHashMap<>();
                    p.forEach((k, v) -> g.put(k, new double[v.length]));
                    double loss = forwardBackward(b, g);
                    step++;
                    for (String k : p.keySet()) adamStep(k, g.get(k), lr, mom, step);
                    iter++;
                    avg = 0.98 * avg + 0.02 * loss;
                    smoothLosses.add(avg / (1 - Math.pow(0.98, smoothLosses.size() + 1)));
                }
                h = new double[BS * H]; // ModelResetter.before_validate
                double lossSum = 0;
                double accSum = 0;
                int n = 0;
                for (List<Item> b : vb) {
                    double[] r = evaluate(b);
                    lossSum += r[0] * b.size();
                    accSum += r[1] * b.size();
                    n += b.size();
                }
                out.add(new double[] {lossSum / n, accSum / n});
            }
            return out;
        }

        void adamStep(String k, double[] grad, double lr, double mom, int step) {
            double[] w = p.get(k);
            double[] m = gradAvg.get(k);
            double[] v = sqrAvg.get(k);
            boolean decay = !k.endsWith("bias");
            double debias1 = 1 - Math.pow(mom, step);
            double debias2 = 1 - Math.pow(0.99, step);
            for (int i = 0; i < w.length; i++) {
                if (decay) w[i] *= 1 - lr * WD;
                m[i] = mom * m[i] + (1 - mom) * grad[i];
                v[i] = 0.99 * v[i] + (1 - 0.99) * grad[i] * grad[i];
                w[i] -= lr / debias1 * m[i] / (Math.sqrt(v[i] / debias2) + 1e-5);
            }
        }

        /** Mean cross-entropy of the batch; adds its gradients to g (when not null); carries h. Also returns accuracy via lastAcc. */
        double lastAcc;

        double forwardBackward(List<Item> b, Map<String, double[]> g) {
            double[] emb = p.get("iH.weight");
            double[] whh = p.get("hH.weight");
            double[] bhh = p.get("hH.bias");
            double[] who = p.get("hO.weight");
            double[] bho = p.get("hO.bias");
            double[][] as = new double[SL][];
            double[][] zs = new double[SL][];
            double[][] hs = new double[SL][];
            double[][] dOut = new double[SL][BS * V];
            double[] cur = h.clone();
            double loss = 0;
            int correct = 0;
            int count = BS * SL;
            for (int t = 0; t < SL; t++) {
                double[] a = new double[BS * H];
                double[] z = new double[BS * H];
                double[] hn = new double[BS * H];
                for (int r = 0; r < BS; r++) {
                    int tok = b.get(r).x()[t];
                    for (int j = 0; j < H; j++) a[r * H + j] = cur[r * H + j] + emb[tok * H + j];
                    for (int o = 0; o < H; o++) {
                        double s = bhh[o];
                        for (int j = 0; j < H; j++) s += a[r * H + j] * whh[o * H + j];
                        z[r * H + o] = s;
                        hn[r * H + o] = Math.max(s, 0);
                    }
                    double[] logits = new double[V];
                    double max = Double.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int c = 0; c < V; c++) {
                        double s = bho[c];
                        for (int j = 0; j < H; j++) s += hn[r * H + j] * who[c * H + j];
                        logits[c] = s;
                        if (s > max) {
                            max = s;
                            arg = c;
                        }
                    }
                    double sum = 0;
                    for (int c = 0; c < V; c++) sum += Math.exp(logits[c] - max);
                    int target = b.get(r).y()[t];
                    loss += (max + Math.log(sum) - logits[target]) / count;
                    if (arg == target) correct++;
                    for (int c = 0; c < V; c++) dOut[t][r * V + c] = (Math.exp(logits[c] - max) / sum - (c == target ? 1 : 0)) / count;
                }
                as[t] = a;
                zs[t] = z;
                hs[t] = hn;
                cur = hn;
            }
            h = cur; // detached: no gradient flows into the previous batch
            lastAcc = (double) correct / count;
            if (g == null) return loss;
            double[] dh = new double[BS * H];
            for (int t = SL - 1; t >= 0; t--) {
                double[] da = new double[BS * H];
                for (int r = 0; r < BS; r++) {
                    for (int c = 0; c < V; c++) {
                        double d = dOut[t][r * V + c];
                        g.get("hO.bias")[c] += d;
                        for (int j = 0; j < H; j++) {
                            g.get("hO.weight")[c * H + j] += d * hs[t][r * H + j];
                            dh[r * H + j] += d * who[c * H + j];
                        }
                    }
                    for (int o = 0; o < H; o++) {
                        double dz = zs[t][r * H + o] > 0 ? dh[r * H + o] : 0;
                        g.get("hH.bias")[o] += dz;
                        for (int j = 0; j < H; j++) {
                            g.get("hH.weight")[o * H + j] += dz * as[t][r * H + j];
                            da[r * H + j] += dz * whh[o * H + j];
                        }
                    }
                    int tok = b.get(r).x()[t];
                    for (int j = 0; j < H; j++) g.get("iH.weight")[tok * H + j] += da[r * H + j];
                }
                dh = da;
            }
            return loss;
        }

        double[] evaluate(List<Item> b) {
            double loss = forwardBackward(b, null);
            return new double[] {loss, lastAcc};
        }
    }
}
