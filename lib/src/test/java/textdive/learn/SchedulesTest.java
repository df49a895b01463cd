package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    @Test
    void oneCycleLearningRateAtChosenPositions() {
        DoubleUnaryOperator lr = Learner.oneCycleLr(1e-2, 0.25, 25, 1e5);
        assertEquals(4e-4, lr.applyAsDouble(0), 1e-15);           // lrMax / div
        assertEquals((4e-4 + 1e-2) / 2, lr.applyAsDouble(0.125), 1e-15); // half-way up the cosine
        assertEquals(1e-2, lr.applyAsDouble(0.25), 1e-15);        // peak at pct_start
        assertEquals((1e-2 + 1e-7) / 2, lr.applyAsDouble(0.625), 1e-15);
        assertEquals(1e-7, lr.applyAsDouble(1.0), 1e-18);          // lrMax / div_final
        // a quarter of the way up: 4e-4 + (1 + cos(3pi/4)) * (1e-2 - 4e-4) / 2
        assertEquals(4e-4 + (1 - Math.sqrt(0.5)) * (1e-2 - 4e-4) / 2, lr.applyAsDouble(0.0625), 1e-15);
    }

    @Test
    void oneCycleMomentumGoesDownThenUp() {
        DoubleUnaryOperator mom = Schedules.combinedCos(0.25, 0.95, 0.85, 0.95);
        assertEquals(0.95, mom.applyAsDouble(0), 1e-15);
        assertEquals(0.90, mom.applyAsDouble(0.125), 1e-15);
        assertEquals(0.85, mom.applyAsDouble(0.25), 1e-15);
        assertEquals(0.90, mom.applyAsDouble(0.625), 1e-15);
        assertEquals(0.95, mom.applyAsDouble(1.0), 1e-15);
    }
}
