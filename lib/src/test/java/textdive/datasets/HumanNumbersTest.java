package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.MirrorAssumptions;

class HumanNumbersTest {

    @Test
    void wordsFollowTheDatasetsSpelling() {
        assertEquals("one", HumanNumbers.words(1));
        assertEquals("nineteen", HumanNumbers.words(19));
        assertEquals("twenty", HumanNumbers.words(20));
        assertEquals("forty two", HumanNumbers.words(42));
        assertEquals("one hundred", HumanNumbers.words(100));
        assertEquals("one hundred five", HumanNumbers.words(105));
        assertEquals("eight thousand one", HumanNumbers.words(8001));
        assertEquals("two thousand nineteen", HumanNumbers.words(2019));
        assertEquals("seven thousand nine hundred ninety nine", HumanNumbers.words(7999));
        assertThrows(IllegalArgumentException.class, () -> HumanNumbers.words(0));
        assertThrows(IllegalArgumentException.class, () -> HumanNumbers.words(10000));
    }

    @Test
    void generatedFilesAreByteIdenticalToTheOriginals() throws Exception {
        Path originals = MirrorAssumptions.mirrorFolder("human_numbers");
        assertArrayEquals(Files.readAllBytes(originals.resolve("train.txt")),
                HumanNumbers.train().getBytes(StandardCharsets.US_ASCII), "train.txt");
        assertArrayEquals(Files.readAllBytes(originals.resolve("valid.txt")),
                HumanNumbers.valid().getBytes(StandardCharsets.US_ASCII), "valid.txt");
    }

    @Test
    void writeToProducesTheSameChecksumsAsTheRegistryStatesForTheMirror(@TempDir Path dir) {
        HumanNumbers.writeTo(dir);
        assertEquals("194a5defcc1e77a1697d94422744f1b8552ddf5ad7f31e9c84cc1956014c16bf", Checksums.sha256(dir.resolve("train.txt")));
        assertEquals("3a3e30cd8eddcd27477ef232bd07bc5d12b34b1ceec6295c607f0faff793ed5e", Checksums.sha256(dir.resolve("valid.txt")));
    }
}
