package textdive.viz;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * fastai's learning-rate finder plot: smoothed loss against learning rate (log scale), the valley
 * suggestion marked. {@code LrFinder.Result.plot()} calls it.
 */
public final class LrFinderPlot {
    private LrFinderPlot() {
    }

    public static XYChart of(List<Double> lrs, List<Double> losses, double valley) {
        if (lrs.isEmpty() || lrs.size() != losses.size()) {
            throw new IllegalArgumentException("a learning-rate sweep needs as many losses as learning rates, got " + lrs.size() + " and " + losses.size());
        }
        int n = Math.max(1, lrs.size() - 5); // fastai skips the last 5 points
        double[] x = lrs.subList(0, n).stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = losses.subList(0, n).stream().mapToDouble(Double::doubleValue).toArray();
        XYChart chart = Charts.xy("Learning rate finder", "Learning Rate", "Loss");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.0E0");
        chart.addSeries("loss", x, y).setMarker(SeriesMarkers.NONE);
        int idx = lrs.indexOf(valley);
        if (idx >= 0 && idx < n) {
            chart.addSeries(String.format(Locale.ROOT, "valley %.1e", valley), new double[] {valley}, new double[] {losses.get(idx)})
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
