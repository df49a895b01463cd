package textdive.course;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The book's reference file: what notebooks cite, and that it is exactly what {@link BookReference} extracts. */
class BookTest {
    @Test
    void valuesAreTypedAsTheBookPrintedThem() {
        assertEquals(9998, Book.count("12.lines"));
        assertEquals(63095, Book.count("12.nums"));
        assertEquals(30, Book.count("12.vocab"));
        assertEquals(21031, Book.count("12.seqs"));
        assertArrayEquals(new double[] {29, 0.15165200855716662}, Book.numbers("12.baseline"));
        assertArrayEquals(new double[] {328, 64, 21031}, Book.numbers("12.(m, bs, len(seqs))"));
        assertArrayEquals(new double[] {0.467554, 0.467554, 0.494414, 0.494414}, Book.column("12.LMModel1", "accuracy"));
        assertEquals(0.869385, Book.last("12.LMModel7", "accuracy"));
        assertEquals(15, Book.column("12.LMModel6", "accuracy").length);
        assertEquals("This movie, which I just discovered at the video store, has apparently sit ", Book.text("10.txt[:75]"));
        assertEquals(List.of("The", "U.S.", "dollar", "$", "1", "is", "$", "1.00", "."), Book.shown("10.spacy(dollar)"));
        assertEquals(List.of("xxbos", "©", "xxmaj", "fast.ai", "xxrep", "3", "w", ".fast.ai", "/", "xxup", "index"), Book.shown("10.tkn(copy)"));
        assertEquals("'s", Book.shown("10.spacy(txt)").get(26));
        assertEquals(201, Book.count("10.spacy(txt)"));
        assertEquals(228, Book.count("10.tkn(txt)"));
        assertEquals(2000, Book.count("10.num.vocab"));
        assertEquals(List.of("xxbos", "xxmaj", "in", "this", "chapter"), Book.rows("10.batch 1").get(0));
        assertEquals("12_nlp_dive.ipynb, cell 41", Book.source("12.LMModel1"));
    }

    @Test
    void aWrongKeyOrKindIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Book.count("12.LMModel9"));
        assertTrue(e.getMessage().contains("'12.LMModel9'") && e.getMessage().contains("12.LMModel1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Book.column("12.LMModel1", "acc"));
        assertTrue(e.getMessage().contains("'acc'") && e.getMessage().contains("accuracy"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Book.count("10.txt[:75]"));
        assertTrue(e.getMessage().contains("'10.txt[:75]'"), e.getMessage());
    }

    @Test
    void theCommittedFileIsWhatTheExtractorWritesFromFastbooksOutputs() throws Exception {
        String m = System.getenv("TEXTDIVE_MIRROR");
        assumeTrue(m != null && !m.isBlank(), "TEXTDIVE_MIRROR is not set: fastbook's recorded outputs are not here");
        Path reference = Path.of(m).resolve("reference");
        assumeTrue(Files.isDirectory(reference), "the mirror has no reference/ folder");
        String committed;
        try (InputStream in = Book.class.getClassLoader().getResourceAsStream(Book.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(BookReference.toJson(BookReference.extract(reference)), committed,
                "re-run: java -cp \"$(./textdive classpath)\" textdive.course.BookReference " + reference + " lib/src/main/resources/" + Book.RESOURCE);
    }
}
