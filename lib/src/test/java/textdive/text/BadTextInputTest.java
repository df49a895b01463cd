package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Null, empty and out-of-range input to the text pipeline. */
class BadTextInputTest {
    private static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());

    private static void assertMessage(Class<? extends Throwable> type, Executable code, String... parts) {
        Throwable e = assertThrows(type, code);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    @Test
    void nullTextIsRefusedWithItsPosition() {
        assertMessage(IllegalArgumentException.class, () -> TKZ.tokenize(null), "null text");
        assertMessage(IllegalArgumentException.class, () -> new WordTokenizer().tokenize(null), "null text");
        assertMessage(IllegalArgumentException.class, () -> TKZ.tokenizeAll(null), "null list");
        assertMessage(IllegalArgumentException.class, () -> TKZ.tokenizeAll(Arrays.asList("fine", null, "also fine")), "text 1 of 3", "null");
    }

    @Test
    void emptyTextIsADocumentWithOnlyItsStartToken() {
        assertEquals(List.of("xxbos"), TKZ.tokenize(""));
        assertEquals(List.of("xxbos"), TKZ.tokenize(" \n\t "));
    }

    @Test
    void decodingAnIdOutsideTheVocabNamesTheIdAndTheVocabSize() {
        Numericalize num = Numericalize.fromVocab(List.of("xxunk", "xxpad", "the"));
        assertMessage(IndexOutOfBoundsException.class, () -> num.decode(new int[] {2, 5}), "id 5", "vocab of 3");
        assertMessage(IndexOutOfBoundsException.class, () -> num.decode(new int[] {-1}), "id -1");
    }
}
