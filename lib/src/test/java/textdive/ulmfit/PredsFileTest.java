package textdive.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.io.CorruptFileException;
import textdive.io.SectionFile;

/** Kept predictions come back bit for bit, and a file that is not what was written is refused, naming it. */
class PredsFileTest {
    @TempDir Path dir;

    private static final Preds PREDS = new Preds(new double[][] {{0.1, 0.9}, {0.7000000000000001, 0.29999999999999993}, {Math.nextUp(0.5), Math.nextDown(0.5)}},
            new int[] {1, 0, 1}, List.of("neg", "pos"));

    @Test
    void predictionsComeBackBitForBit() throws IOException {
        Path file = dir.resolve("a.preds");
        new PredsFile(PREDS, "fingerprint", "trained in 1 s").save(file);
        PredsFile back = PredsFile.load(file);
        for (int i = 0; i < PREDS.size(); i++) assertArrayEquals(PREDS.probs()[i], back.preds().probs()[i], 0.0);
        assertArrayEquals(PREDS.targets(), back.preds().targets());
        assertEquals(PREDS.classes(), back.preds().classes());
        assertEquals("fingerprint", back.fingerprint());
        assertEquals("trained in 1 s", back.about());
    }

    @Test
    void aMissingTruncatedOrNewerFileIsRefusedByName() throws IOException {
        Path missing = dir.resolve("missing.preds");
        assertTrue(assertThrows(NoSuchFileException.class, () -> PredsFile.load(missing)).getMessage().contains(missing.toString()));

        Path file = dir.resolve("cut.preds");
        new PredsFile(PREDS, "f", "a").save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
        assertEquals(file, assertThrows(CorruptFileException.class, () -> PredsFile.load(file)).file());

        Path newer = dir.resolve("newer.preds");
        SectionFile.write(newer, PredsFile.KIND, PredsFile.VERSION + 1, w -> w.section("classes", out -> out.writeInt(2)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PredsFile.load(newer)).getMessage().contains(newer + " is predictions format 2"));
    }

    /** Every checksum right, the content not predictions: the file and the item are named. */
    @Test
    void aCraftedFileOfImpossiblePredictionsIsRefused() throws IOException {
        assertCrafted(1, new double[] {1.5, -0.5}, "item 0's probability 1.5");
        assertCrafted(2, new double[] {0.5, 0.5}, "item 0's target 2, not one of 2 classes");
        assertCrafted(0, new double[] {0.5, 0.4}, "item 0's probabilities sum to 0.9");
        assertCrafted(0, new double[] {Double.NaN, 0.5}, "item 0's probability NaN");
    }

    private void assertCrafted(int target, double[] probs, String problem) throws IOException {
        Path file = dir.resolve("crafted.preds");
        SectionFile.write(file, PredsFile.KIND, PredsFile.VERSION, w -> {
            w.section("classes", out -> {
                out.writeInt(2);
                SectionFile.writeString(out, "neg");
                SectionFile.writeString(out, "pos");
            });
            w.section("preds", out -> {
                out.writeInt(1);
                out.writeInt(target);
                for (double p : probs) out.writeLong(Double.doubleToLongBits(p));
            });
            w.section("about", out -> {
                SectionFile.writeString(out, "f");
                SectionFile.writeString(out, "a");
            });
        });
        var e = assertThrows(CorruptFileException.class, () -> PredsFile.load(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
