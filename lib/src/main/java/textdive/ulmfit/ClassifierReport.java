package textdive.ulmfit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.impl.ArrayExample;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How a classifier did, computed by Tribuo's evaluation classes (its confusion matrix and {@code ConfusionMetrics}),
 * for any predictions: ULMFiT's and the bag-of-words baseline's are measured the same way.
 */
public final class ClassifierReport {
    private final LabelConfusionMatrix cm;
    private final List<Label> labels = new ArrayList<>();
    private final String title;

    /** From a Tribuo model's predictions (the ground truth is each prediction's example's output). */
    public ClassifierReport(String title, ImmutableOutputInfo<Label> domain, List<Prediction<Label>> predictions) {
        this.title = title;
        this.cm = new LabelConfusionMatrix(domain, predictions);
        for (var e : domain) labels.add(e.getB());
        labels.sort(Comparator.comparing(Label::getLabel));
        cm.setLabelOrder(labels);
    }

    /** From our predictions: each item becomes a Tribuo prediction with its class scores. */
    public static ClassifierReport of(String title, Preds preds) {
        LabelFactory f = new LabelFactory();
        MutableOutputInfo<Label> info = f.generateInfo();
        for (String c : preds.classes()) info.observe(new Label(c));
        ImmutableOutputInfo<Label> domain = info.generateImmutableOutputInfo();
        List<Prediction<Label>> out = new ArrayList<>(preds.size());
        int[] predicted = preds.predicted();
        for (int i = 0; i < preds.size(); i++) {
            Map<String, Label> scores = new HashMap<>();
            for (int c = 0; c < preds.classes().size(); c++) scores.put(preds.classes().get(c), new Label(preds.classes().get(c), preds.probs()[i][c]));
            Label truth = new Label(preds.classes().get(preds.targets()[i]));
            ArrayExample<Label> ex = new ArrayExample<>(truth, new String[] {"item"}, new double[] {i + 1});
            String p = preds.classes().get(predicted[i]);
            out.add(new Prediction<>(new Label(p, preds.probs()[i][predicted[i]]), scores, 1, ex, true));
        }
        return new ClassifierReport(title, domain, out);
    }

    public double accuracy() {
        return ConfusionMetrics.accuracy(EvaluationMetric.Average.MICRO, cm);
    }

    public double precision(String label) {
        return ConfusionMetrics.precision(new MetricTarget<>(new Label(label)), cm);
    }

    public double recall(String label) {
        return ConfusionMetrics.recall(new MetricTarget<>(new Label(label)), cm);
    }

    public double f1(String label) {
        return ConfusionMetrics.f1(new MetricTarget<>(new Label(label)), cm);
    }

    /** Tribuo's confusion matrix (rows: truth, columns: prediction). */
    public LabelConfusionMatrix confusionMatrix() {
        return cm;
    }

    /** Precision, recall, F1 and support per class, then the accuracy. */
    public Table table() {
        StringColumn cls = StringColumn.create("class");
        DoubleColumn p = DoubleColumn.create("precision"), r = DoubleColumn.create("recall"), f = DoubleColumn.create("f1"), n = DoubleColumn.create("support");
        for (Label l : labels) {
            cls.append(l.getLabel());
            p.append(round(precision(l.getLabel())));
            r.append(round(recall(l.getLabel())));
            f.append(round(f1(l.getLabel())));
            n.append(cm.support(l));
        }
        cls.append("accuracy");
        p.appendMissing();
        r.appendMissing();
        f.append(round(accuracy()));
        n.append(cm.support());
        return Table.create(title, cls, p, r, f, n);
    }

    /** The confusion matrix as a table: a row per true class, a column per predicted class. */
    public Table confusionTable() {
        StringColumn truth = StringColumn.create("actual \\ predicted");
        List<DoubleColumn> cols = new ArrayList<>();
        for (Label l : labels) cols.add(DoubleColumn.create(l.getLabel()));
        for (Label t : labels) {
            truth.append(t.getLabel());
            for (int j = 0; j < labels.size(); j++) cols.get(j).append(cm.confusion(labels.get(j), t));
        }
        Table tb = Table.create(title + ": confusion matrix", truth);
        cols.forEach(tb::addColumns);
        return tb;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    @Override
    public String toString() {
        return table().print();
    }
}
