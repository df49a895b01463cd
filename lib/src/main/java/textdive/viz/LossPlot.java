package textdive.viz;

import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import textdive.learn.Recorder;

/** fastai's {@code recorder.plot_loss()}: smoothed training loss per batch, validation loss per epoch. */
public final class LossPlot {
    private LossPlot() {
    }

    public static XYChart of(Recorder recorder) {
        List<Double> losses = recorder.losses();
        if (losses.isEmpty()) throw new IllegalStateException("nothing recorded yet: train first");
        XYChart chart = new XYChartBuilder().width(640).height(360).title("Loss").xAxisTitle("iteration").yAxisTitle("loss").build();
        double[] it = IntStream.range(0, losses.size()).asDoubleStream().toArray();
        chart.addSeries("train", it, losses.stream().mapToDouble(Double::doubleValue).toArray()).setMarker(SeriesMarkers.NONE);
        List<Double> valid = recorder.validLosses();
        if (!valid.isEmpty()) {
            double[] x = recorder.epochEnds().stream().mapToDouble(Integer::doubleValue).toArray();
            chart.addSeries("valid", x, valid.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return chart;
    }
}
