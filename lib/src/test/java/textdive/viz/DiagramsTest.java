package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The book's pictures, drawn: an unrolled RNN, a stacked RNN, the LSTM cell. */
class DiagramsTest {
    private static long inkPixels(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) n++;
        return n;
    }

    @Test
    void moreLayersAndStepsMakeALargerPicture() {
        BufferedImage one = RnnDiagram.unrolled(3).image();
        BufferedImage stacked = RnnDiagram.unrolled(3).layers(2).image();
        assertEquals(one.getWidth(), stacked.getWidth());
        assertEquals(85, stacked.getHeight() - one.getHeight(), "one row of hidden states per layer");
        assertTrue(inkPixels(RnnDiagram.unrolled(3).outputEveryStep().image()) > inkPixels(one), "a triangle per word");
        assertTrue(RnnDiagram.unrolled(6).image().getWidth() > one.getWidth());
        assertTrue(inkPixels(LstmCellDiagram.image()) > 10_000);
    }

    @Test
    void impossibleShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RnnDiagram.unrolled(0));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RnnDiagram.unrolled(3).layers(9));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
    }

    @Test
    void aDiagramShowsAsAnImageInANotebook() {
        assertTrue(Renderers.render(LstmCellDiagram.image()).containsKey("image/png"));
    }
}
