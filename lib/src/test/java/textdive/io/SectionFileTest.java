package textdive.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container of caches and checkpoints: sections by name, every byte checksummed, every length bounded. */
class SectionFileTest {
    @TempDir Path dir;

    private Path sample() throws IOException {
        Path f = dir.resolve("sample.bin");
        SectionFile.write(f, "textdive-test", 3, w -> w
                .section("meta", out -> {
                    SectionFile.writeString(out, "fingerprint");
                    out.writeInt(3);
                })
                .section("ids", out -> SectionFile.writeIntsLE(out, new int[] {7, -1, 1 << 30}))
                .section("empty", out -> {}));
        return f;
    }

    @Test
    void sectionsRoundTripByNameAndUnknownOnesAreIgnored() throws IOException {
        SectionFile.Reader r = SectionFile.open(sample(), "textdive-test");
        assertEquals(3, r.version());
        assertEquals(List.of("meta", "ids", "empty"), r.names());
        SectionFile.Input ids = r.section("ids");
        int[] got = new int[3];
        ids.readIntsLE(got);
        ids.expectEnd();
        assertArrayEquals(new int[] {7, -1, 1 << 30}, got);
        SectionFile.Input meta = r.section("meta");
        assertEquals("fingerprint", meta.readString());
        assertEquals(3, meta.readInt());
        assertEquals(0, r.section("empty").remaining());
        assertFalse(r.has("vocab"));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> r.section("vocab"));
        assertTrue(e.getMessage().contains("no 'vocab' section"), e.getMessage());
    }

    @Test
    void everySingleByteFlipAndEveryTruncationIsDetected() throws IOException {
        Path f = sample();
        byte[] good = Files.readAllBytes(f);
        Path bad = dir.resolve("bad.bin");
        for (int i = 0; i < good.length; i++) {
            for (int bit : new int[] {0x01, 0x80, 0xff}) {
                byte[] b = good.clone();
                b[i] ^= (byte) bit;
                Files.write(bad, b);
                assertTrue(readAll(bad) == null, "flip of byte " + i + " by " + bit + " went unnoticed");
            }
        }
        for (int n = 0; n < good.length; n++) {
            Files.write(bad, Arrays.copyOf(good, n));
            assertTrue(readAll(bad) == null, "truncation to " + n + " bytes went unnoticed");
        }
        Files.write(bad, good);
        assertTrue(readAll(bad) != null, "the intact file reads");
    }

    /** Reads every section; null when a corruption was reported. */
    private static String readAll(Path f) throws IOException {
        try {
            SectionFile.Reader r = SectionFile.open(f, "textdive-test");
            StringBuilder sb = new StringBuilder();
            for (String n : r.names()) sb.append(n).append(r.section(n).remaining());
            return sb.toString();
        } catch (CorruptFileException e) {
            return null;
        }
    }

    @Test
    void theWrongKindAndAnOldFormatAreNamed() throws IOException {
        Path f = sample();
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> SectionFile.open(f, "textdive-checkpoint"));
        assertTrue(e.getMessage().contains("'textdive-test' file, not a 'textdive-checkpoint'"), e.getMessage());
        Path old = dir.resolve("old.bin");
        Files.write(old, ByteBuffer.allocate(64).putInt(0x54444B31).array());
        e = assertThrows(CorruptFileException.class, () -> SectionFile.open(old, "textdive-test"));
        assertTrue(e.getMessage().contains("not a textdive textdive-test file (or an older format)"), e.getMessage());
    }

    @Test
    void aMissingFileAndANewerFormatAreNamedByTheFormatsReader() throws IOException {
        Path f = sample();
        assertEquals(3, SectionFile.open(f, "textdive-test", "test", 3).version(), "its own version opens");
        assertEquals(List.of("meta", "ids", "empty"), SectionFile.open(f, "textdive-test", "test", 7).names(), "so does an older one");
        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class, () -> SectionFile.open(f, "textdive-test", "test", 2));
        assertEquals(f + " is test format 3, newer than this textdive reads (2)", newer.getMessage());
        Path none = dir.resolve("none.bin");
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> SectionFile.open(none, "textdive-test", "test", 3));
        assertEquals(none.toString(), missing.getFile());
        assertTrue(missing.getMessage().contains("no test file there"), missing.getMessage());
        assertThrows(CorruptFileException.class, () -> SectionFile.open(f, "textdive-weights", "weights", 3), "the kind is still checked");
    }

    /**
     * A crafted table (its checksum recomputed, as anyone can) whose offset + length wraps past Long.MAX_VALUE to a
     * negative number used to pass the bounds check and fail in FileChannel.map with an IllegalArgumentException.
     */
    @Test
    void aSectionWhoseOffsetPlusLengthOverflowsLiesOutsideTheFile() throws IOException {
        Path f = sample();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        int headerLen = 8 + 2 + "textdive-test".length() + 4;
        int table = (int) b.getLong(b.capacity() - 16);
        int meta = table + 4 + 2 + "meta".length(); // the first entry's offset field
        b.putLong(meta, Long.MAX_VALUE - 2);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, headerLen);
        crc.update(b.array(), table, b.capacity() - 16 - table);
        b.putInt(b.capacity() - 8, (int) crc.getValue());
        Files.write(f, b.array());
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> SectionFile.open(f, "textdive-test"));
        assertTrue(e.getMessage().contains("sample.bin is unusable: section 'meta' lies outside the file"), e.getMessage());
    }

    @Test
    void aCraftedCountIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path f = dir.resolve("crafted.bin");
        SectionFile.write(f, "textdive-test", 1, w -> w.section("tensors", out -> {
            out.writeInt(Integer.MAX_VALUE); // "rank" of 2^31 - 1, with a valid checksum
            out.writeLong(1);
        }));
        SectionFile.Input in = SectionFile.open(f, "textdive-test").section("tensors");
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> in.readCount("rank", 8));
        assertTrue(e.getMessage().contains("rank count 2147483647 does not fit in the 8 bytes left"), e.getMessage());
        SectionFile.Input again = SectionFile.open(f, "textdive-test").section("tensors");
        e = assertThrows(CorruptFileException.class, again::readString);
        assertTrue(e.getMessage().contains("string length count 2147483647"), e.getMessage());
    }
}
