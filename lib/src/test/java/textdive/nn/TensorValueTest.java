package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A tensor's value prints as PyTorch 1.13 prints the same tensor (the expected strings are {@code str(t)} from PyTorch). */
class TensorValueTest {

    @Test
    void printsAsPyTorchDoes() {
        // torch.arange(10).chunk(2)[0]
        assertEquals("tensor([0, 1, 2, 3, 4])", new TensorValue(new long[] {5}, new double[] {0, 1, 2, 3, 4}, true).toString());
        // torch.tensor([0., 2., 0.])
        assertEquals("tensor([0., 2., 0.])", new TensorValue(new long[] {3}, new double[] {0, 2, 0}).toString());
        // torch.tensor([[0.0269, -0.1835], [0.2538, 0.1008]])
        assertEquals("tensor([[ 0.0269, -0.1835],\n        [ 0.2538,  0.1008]])",
                new TensorValue(new long[] {2, 2}, new double[] {0.0269, -0.1835, 0.2538, 0.1008}).toString());
        // torch.zeros(2, 2, 2)
        assertEquals("tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])",
                new TensorValue(new long[] {2, 2, 2}, new double[8]).toString());
        // torch.tensor(3.5)
        assertEquals("tensor(3.5000)", new TensorValue(new long[0], new double[] {3.5}).toString());
        // torch.tensor([[1, -20], [300, 4]])
        assertEquals("tensor([[  1, -20],\n        [300,   4]])", new TensorValue(new long[] {2, 2}, new double[] {1, -20, 300, 4}, true).toString());
        // torch.tensor([float('nan'), 1.5])
        assertEquals("tensor([   nan, 1.5000])", new TensorValue(new long[] {2}, new double[] {Double.NaN, 1.5}).toString());
        // torch.zeros(0)
        assertEquals("tensor([])", new TensorValue(new long[] {0}, new double[0]).toString());
    }

    @Test
    void evalKeepsTheTensorsKind() {
        List<TensorValue> v = Engine.evalAll(false, () -> List.of(F.ids(new int[] {3, 1}, 2), F.tensor(new double[] {1, 2}, 2)));
        assertTrue(v.get(0).isIntegral());
        assertEquals("tensor([3, 1])", v.get(0).toString());
        assertFalse(v.get(1).isIntegral());
        assertEquals("tensor([1., 2.])", v.get(1).toString());
    }

    @Test
    void indexingRowsAndItems() {
        TensorValue t = new TensorValue(new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(6.0, t.get(1, 2));
        assertEquals(4.0, t.get(-1, 0));
        assertArrayEquals(new double[] {4, 5, 6}, t.row(1).data());
        assertArrayEquals(new long[] {3}, t.row(0).shape());
        assertEquals(2.5, new TensorValue(new long[] {1}, new double[] {2.5}).item());
        assertThrows(IllegalStateException.class, t::item);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TensorValue(new long[] {2, 2}, new double[3]));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }
}
