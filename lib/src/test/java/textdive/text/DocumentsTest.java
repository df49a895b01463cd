package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.CacheInTemp;

/** A UTF-16 file is text, not NUL-filled garbage; NUL bytes in anything else are reported. */
@ExtendWith(CacheInTemp.class)
class DocumentsTest {
    @TempDir Path tmp;

    @Test
    void utf16WithOrWithoutAByteOrderMarkIsDecoded() {
        String review = "Great movie, café!";
        byte[] le = review.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[le.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(le, 0, withBom, 2, le.length);
        assertEquals(new Documents.Decoded(review, 0, Documents.Encoding.UTF16_BOM), Documents.decode(withBom));
        assertEquals(new Documents.Decoded(review, 0, Documents.Encoding.UTF16_BOM), Documents.decode(review.getBytes(StandardCharsets.UTF_16)));
        assertEquals(new Documents.Decoded(review, 0, Documents.Encoding.UTF16_GUESSED), Documents.decode(le));
        assertEquals(new Documents.Decoded(review, 0, Documents.Encoding.UTF16_GUESSED), Documents.decode(review.getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(new Documents.Decoded(review, 0, Documents.Encoding.UTF8), Documents.decode(("\uFEFF" + review).getBytes(StandardCharsets.UTF_8)));
        assertEquals(Documents.Encoding.NUL_BYTES, Documents.decode(new byte[] {'a', 0, 0, 'b', 'c', 'd', 'e', 'f'}).encoding());
        assertEquals(new Documents.Decoded("a,b\n1,x\0y\n", 0, Documents.Encoding.NUL_BYTES),
                Documents.decode(new byte[] {'a', ',', 'b', '\n', '1', ',', 'x', 0, 'y', '\n'}), "one NUL in five pairs is not UTF-16");
        assertEquals(Documents.Encoding.UTF16_GUESSED, Documents.decode("x".getBytes(StandardCharsets.UTF_16LE)).encoding());
    }

    @Test
    void invalidSequencesBecomeOneReplacementCharacterEachAndAreCounted() {
        // UTF-8: a lone Latin-1 byte, a truncated 3-byte sequence at the end
        byte[] utf8 = {'c', 'a', 'f', (byte) 0xE9, ' ', 'o', 'k', ' ', (byte) 0xE2, (byte) 0x82};
        assertEquals(new Documents.Decoded("caf\uFFFD ok \uFFFD", 2, Documents.Encoding.UTF8), Documents.decode(utf8));
        // UTF-16LE with a byte-order mark: a lone low surrogate in the middle and an odd byte at the end
        byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0, 0x00, (byte) 0xDC, '!', 0, 'x'};
        assertEquals(new Documents.Decoded("hi\uFFFD!\uFFFD", 2, Documents.Encoding.UTF16_BOM), Documents.decode(utf16));
        // a long UTF-16 document decodes whole
        String longReview = "An excellent film. ".repeat(5_000);
        assertEquals(new Documents.Decoded(longReview, 0, Documents.Encoding.UTF16_BOM), Documents.decode(longReview.getBytes(StandardCharsets.UTF_16)));
    }

    @Test
    void aFolderWithUtf16FilesTokenizesThemAsTextAndSaysSo() throws IOException {
        Path root = tmp.resolve("corpus");
        Files.createDirectories(root);
        Files.write(root.resolve("a.txt"), "Great movie".getBytes(StandardCharsets.UTF_16));
        Files.write(root.resolve("b.txt"), "Great movie".getBytes(StandardCharsets.UTF_16LE));
        Files.writeString(root.resolve("c.txt"), "Great movie");
        Files.write(root.resolve("d.bin.txt"), new byte[] {'o', 'k', 0, 0, 0, 'x', 'y', 'z', 'w'});
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        TokenizedCorpus c;
        try {
            c = TokenizeFolder.tokenizeFolder(new Tokenizer(new WordTokenizer()), root);
        } finally {
            System.setErr(old);
        }
        List<String> expected = List.of("xxbos", "xxmaj", "great", "movie");
        assertEquals(expected, c.tokens(0), "UTF-16 with a byte-order mark");
        assertEquals(expected, c.tokens(1), "UTF-16 without one");
        assertEquals(expected, c.tokens(2));
        String err = buf.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("1 file(s) under " + root + " are UTF-16 (byte-order mark); decoded as UTF-16 (e.g. a.txt)"), err);
        assertTrue(err.contains("1 file(s) under " + root + " look like UTF-16 without a byte-order mark") && err.contains("(e.g. b.txt)"), err);
        assertTrue(err.contains("1 file(s) under " + root + " contain NUL bytes") && err.contains("(e.g. d.bin.txt)"), err);
    }
}
