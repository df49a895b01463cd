package textdive.viz;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * fastai's {@code recorder.plot_loss()}: the smoothed training loss after every batch and the validation
 * loss after every epoch. The x axis counts epochs: batch i of an epoch of n batches sits at its middle,
 * {@code epoch + (i + 0.5) / n}, and the validation loss of epoch e at its end, {@code e + 1}. Ticks are
 * then round numbers of epochs, however many batches there were (XChart puts the ticks of equally spaced
 * x values on data points, which for a few thousand iterations gave labels that ran together).
 * {@code Recorder.plotLoss()} calls it with what it recorded.
 */
public final class LossPlot {
    private LossPlot() {
    }

    /**
     * @param trainLosses smoothed training loss per batch
     * @param epochEnds   for each epoch, the index in {@code trainLosses} of its last batch
     * @param validLosses validation loss per epoch (may be empty)
     */
    public static XYChart of(List<Double> trainLosses, List<Integer> epochEnds, List<Double> validLosses) {
        if (trainLosses.isEmpty()) throw new IllegalStateException("nothing recorded yet: train first");
        if (!validLosses.isEmpty() && validLosses.size() != epochEnds.size()) {
            throw new IllegalArgumentException(validLosses.size() + " validation losses for " + epochEnds.size() + " epochs");
        }
        double[] x = new double[trainLosses.size()];
        int start = 0;
        int epoch = 0;
        for (int end : epochEnds) {
            int n = end - start + 1;
            for (int i = start; i <= end && i < x.length; i++) x[i] = epoch + (i - start + 0.5) / n;
            start = end + 1;
            epoch++;
        }
        // batches after the last recorded epoch end (an interrupted epoch): continue at the last epoch's pace
        int perEpoch = epochEnds.isEmpty() ? x.length : epochEnds.get(0) + 1;
        for (int i = start; i < x.length; i++) x[i] = epoch + (i - start + 0.5) / perEpoch;

        XYChart chart = Charts.xy("Training and validation loss", "epoch", "loss");
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setXAxisMin(0.0);
        chart.addSeries("train", x, trainLosses.stream().mapToDouble(Double::doubleValue).toArray()).setMarker(SeriesMarkers.NONE);
        if (!validLosses.isEmpty()) {
            double[] ex = new double[validLosses.size()];
            for (int e = 0; e < ex.length; e++) ex[e] = e + 1;
            chart.addSeries("valid", ex, validLosses.stream().mapToDouble(Double::doubleValue).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
