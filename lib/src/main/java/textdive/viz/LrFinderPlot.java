package textdive.viz;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import textdive.learn.LrFinder;

/** fastai's learning-rate finder plot: smoothed loss against learning rate (log scale), valley marked. */
public final class LrFinderPlot {
    private LrFinderPlot() {
    }

    public static XYChart of(LrFinder.Result r) {
        int n = Math.max(1, r.lrs().size() - 5); // fastai skips the last 5 points
        double[] lrs = r.lrs().subList(0, n).stream().mapToDouble(Double::doubleValue).toArray();
        double[] losses = r.losses().subList(0, n).stream().mapToDouble(Double::doubleValue).toArray();
        XYChart chart = new XYChartBuilder().width(640).height(360).title("Learning rate finder").xAxisTitle("learning rate").yAxisTitle("loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.addSeries("loss", lrs, losses).setMarker(SeriesMarkers.NONE);
        int idx = r.lrs().indexOf(r.valley());
        if (idx >= 0 && idx < n) {
            chart.addSeries(String.format("valley %.2e", r.valley()), new double[] {r.valley()}, new double[] {r.losses().get(idx)}).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
