package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The loss plot counts epochs on its x axis: batches at their middle, validation at each epoch's end. */
class LossPlotTest {
    @Test
    void batchesSitInsideTheirEpochAndValidationAtItsEnd() {
        List<Double> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) train.add(3.0 - i * 0.1);
        XYChart c = LossPlot.of(train, List.of(3, 5), List.of(2.5, 2.0)); // epochs of 4 and 2 batches
        double[] x = c.getSeriesMap().get("train").getXData();
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875, 1.25, 1.75}, x, 1e-12);
        assertArrayEquals(new double[] {1, 2}, c.getSeriesMap().get("valid").getXData(), 1e-12);
        assertEquals("Training and validation loss", c.getTitle());
        assertEquals("epoch", c.getXAxisTitle());
    }

    @Test
    void anInterruptedEpochContinuesAtThePreviousPace() {
        XYChart c = LossPlot.of(List.of(1.0, 1.0, 1.0, 1.0, 1.0), List.of(1), List.of());
        assertArrayEquals(new double[] {0.25, 0.75, 1.25, 1.75, 2.25}, c.getSeriesMap().get("train").getXData(), 1e-12);
    }

    @Test
    void nothingToPlotSaysSo() {
        assertThrows(IllegalStateException.class, () -> LossPlot.of(List.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> LossPlot.of(List.of(1.0), List.of(0), List.of(1.0, 2.0)));
    }
}
