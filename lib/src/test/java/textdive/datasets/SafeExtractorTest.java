package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.io.FileTrees;

/**
 * Crafted archives try to write outside the destination; each must be refused and leave nothing
 * outside. Layout: {@code root/dest} is the destination, {@code root/outside} a canary folder,
 * {@code root/archives} holds the crafted archives.
 */
class SafeExtractorTest {
    @TempDir Path root;
    Path dest;
    Path outside;
    Path archives;
    Path archive;

    @BeforeEach
    void setUp() throws Exception {
        dest = root.resolve("dest");
        outside = Files.createDirectories(root.resolve("outside"));
        archives = Files.createDirectories(root.resolve("archives"));
        archive = archives.resolve("a.tgz");
    }

    private UnsafeArchiveException rejected(String kind) {
        return assertThrows(UnsafeArchiveException.class, () -> SafeExtractor.extract(archive, kind, dest, Progress.none(), SafeExtractor.Limits.none()));
    }

    private void assertNothingOutside() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            List<String> stray = s.filter(p -> !p.startsWith(dest) && !p.startsWith(archives) && !p.equals(root)
                    && !p.equals(outside)).map(Path::toString).toList();
            assertEquals(List.of(), stray, "files written outside the destination");
        }
    }

    @Test
    void dotDotEntryIsRejected() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.file("data/ok.txt", "fine").file("data/../../outside/evil.txt", "pwned");
        }
        UnsafeArchiveException e = rejected("tgz");
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
        assertNothingOutside();
    }

    @Test
    void absoluteEntryIsRejected() throws Exception {
        Path target = outside.resolve("abs.txt");
        try (var t = new Archives.Tgz(archive)) {
            t.file(target.toString(), "pwned");
        }
        UnsafeArchiveException e = rejected("tgz");
        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertFalse(Files.exists(target));
        assertNothingOutside();
    }

    @Test
    void symlinkLeavingTheDestinationIsRejectedAndNotFollowed() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.symlink("data/escape", "../../outside").file("data/escape/evil.txt", "pwned");
        }
        UnsafeArchiveException e = rejected("tgz");
        assertTrue(e.getMessage().contains("points outside"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("data/escape"), LinkOption.NOFOLLOW_LINKS), "the link was not created");
        assertNothingOutside();
    }

    @Test
    void absoluteSymlinkIsRejected() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.symlink("escape", outside.toString()).file("escape/evil.txt", "pwned");
        }
        rejected("tgz");
        assertNothingOutside();
    }

    @Test
    void symlinkClimbingThroughAnotherLinkIsRejected() throws Exception {
        // "up" points at the destination itself (allowed); "up/x -> ../outside" looks inside lexically
        // (dest/outside) but physically is root/outside.
        try (var t = new Archives.Tgz(archive)) {
            t.dir("d").symlink("d/up", "..").symlink("d/up/x", "../outside").file("d/up/x/evil.txt", "pwned");
        }
        rejected("tgz");
        assertNothingOutside();
        assertEquals(0, Files.list(outside).count());
    }

    @Test
    void linkThenNameDotDotIsRejected() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.dir("a").symlink("a/self", ".").symlink("a/b", "self/../../..").file("a/b/evil.txt", "pwned");
        }
        rejected("tgz");
        assertNothingOutside();
    }

    @Test
    void hardLinkToAFileOutsideIsRejected() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        try (var t = new Archives.Tgz(archive)) {
            t.hardlink("data/secret", "../outside/secret.txt");
        }
        rejected("tgz");
        assertFalse(Files.exists(dest.resolve("data/secret")));
    }

    @Test
    void duplicateEntryCannotOverwrite() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.file("a.txt", "first").file("a.txt", "second");
        }
        assertTrue(rejected("tgz").getMessage().contains("twice"));
    }

    @Test
    void linksThatStayInsideAreExtracted() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.file("data/train/a.txt", "alpha").symlink("data/latest", "train").symlink("data/train/b.txt", "a.txt")
                    .hardlink("data/copy.txt", "data/train/a.txt").file("data/latest/c.txt", "gamma");
        }
        long files = SafeExtractor.extract(archive, "tgz", dest, Progress.none(), SafeExtractor.Limits.none());
        assertEquals(3, files);
        assertTrue(Files.isSymbolicLink(dest.resolve("data/latest")));
        assertEquals("alpha", Files.readString(dest.resolve("data/train/b.txt")));
        assertEquals("alpha", Files.readString(dest.resolve("data/copy.txt")));
        assertEquals("gamma", Files.readString(dest.resolve("data/train/c.txt")));
        assertNothingOutside();
    }

    @Test
    void zipDotDotAndAbsoluteEntriesAreRejected() throws Exception {
        archive = archives.resolve("a.zip");
        try (var z = new Archives.Zip(archive)) {
            z.file("../outside/evil.txt", "pwned");
        }
        rejected("zip");
        Files.delete(archive);
        try (var z = new Archives.Zip(archive)) {
            z.file("/tmp/textdive-evil.txt", "pwned");
        }
        rejected("zip");
        try (var z = new Archives.Zip(archives.resolve("b.zip"))) {
            z.symlink("escape", "../outside");
        }
        archive = archives.resolve("b.zip");
        rejected("zip");
        assertNothingOutside();
    }

    @Test
    void zipSkipsMacMetadata() throws Exception {
        archive = archives.resolve("ptb.zip");
        try (var z = new Archives.Zip(archive)) {
            z.file("ptb.train.txt", " a b c \n").file("__MACOSX/._ptb.train.txt", "resource fork");
        }
        assertEquals(1, SafeExtractor.extract(archive, "zip", dest, Progress.none(), SafeExtractor.Limits.none()));
        assertEquals(List.of("ptb.train.txt"), UntarDataMirrorTest.list(dest));
    }

    @Test
    void ordinaryArchiveIsExtractedWithProgress() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.dir("ds").file("ds/train.txt", "one \ntwo \n").file("ds/sub/valid.txt", "three \n");
        }
        RecordingProgress p = new RecordingProgress();
        assertEquals(2, SafeExtractor.extract(archive, "tgz", dest, p, SafeExtractor.Limits.none()));
        assertEquals("one \ntwo \n", Files.readString(dest.resolve("ds/train.txt")));
        assertEquals("three \n", Files.readString(dest.resolve("ds/sub/valid.txt")));
        assertTrue(p.started.get(0).startsWith("Extracting a.tgz"), p.started.toString());
        assertTrue(p.finished == 1 && p.last > 0 && p.last <= p.total, p.toString());
    }

    @Test
    void devicesAndFifosAreRefusedNotWrittenAsEmptyFiles() throws Exception {
        byte[][] kinds = {{TarArchiveEntry.LF_CHR}, {TarArchiveEntry.LF_BLK}, {TarArchiveEntry.LF_FIFO}};
        for (byte[] k : kinds) {
            try (var t = new Archives.Tgz(archive)) {
                t.file("data/ok.txt", "fine").special("data/null", k[0]);
            }
            UnsafeArchiveException e = rejected("tgz");
            assertTrue(e.getMessage().contains("'data/null'") && e.getMessage().contains("devices and FIFOs are not extracted"), e.getMessage());
            assertFalse(Files.exists(dest.resolve("data/null"), LinkOption.NOFOLLOW_LINKS), "nothing is written for it");
            FileTrees.deleteRecursively(dest);
        }
    }

    @Test
    void aFileWhereTheArchiveNeedsAFolderIsNamedNotJustAPath() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.file("data/train", "a file").file("data/train/1.txt", "a review");
        }
        UnsafeArchiveException e = rejected("tgz");
        assertTrue(e.getMessage().contains("'data/train/1.txt' needs 'data/train' to be a folder")
                && e.getMessage().contains("made it a file"), e.getMessage());
        FileTrees.deleteRecursively(dest);
        try (var t = new Archives.Tgz(archive)) {
            t.dir("data/train").file("data/train", "a file now");
        }
        e = rejected("tgz");
        assertTrue(e.getMessage().contains("'data/train' is a file, but the archive made 'data/train' a folder before"), e.getMessage());
    }

    @Test
    void extractionStopsAtTheByteLimitWithAClearError() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            t.file("bomb/readme.txt", "hello").zeros("bomb/zeros.bin", 64L << 20);
        }
        assertTrue(Files.size(archive) < 200_000, "64 MB of zeros compress to " + Files.size(archive) + " bytes");
        SafeExtractor.Limits limits = new SafeExtractor.Limits(1 << 20, 100, "an explicit limit of 1 MiB");
        ArchiveTooLargeException e = assertThrows(ArchiveTooLargeException.class,
                () -> SafeExtractor.extract(archive, "tgz", dest, Progress.none(), limits));
        assertTrue(e.getMessage().contains("a.tgz unpacks to more than 1048576 bytes (an explicit limit of 1 MiB)")
                && e.getMessage().contains("'bomb/zeros.bin'"), e.getMessage());
        assertFalse(Files.exists(dest), "the part written before the limit is deleted with the destination it made");
    }

    @Test
    void extractionStopsAtTheEntryLimit() throws Exception {
        try (var t = new Archives.Tgz(archive)) {
            for (int i = 0; i < 300; i++) t.file("many/" + i + ".txt", "");
        }
        ArchiveTooLargeException e = assertThrows(ArchiveTooLargeException.class,
                () -> SafeExtractor.extract(archive, "tgz", dest, Progress.none(), new SafeExtractor.Limits(1 << 20, 100, "test")));
        assertTrue(e.getMessage().contains("more than 100 entries"), e.getMessage());
    }

    @Test
    void aRefusedOrBrokenArchiveLeavesNothingBehind() throws Exception {
        // entries before the bad one used to stay in the destination
        try (var t = new Archives.Tgz(archive)) {
            t.file("data/ok.txt", "fine").file("data/more/ok.txt", "fine").file("data/../../outside/evil.txt", "pwned");
        }
        UnsafeArchiveException e = rejected("tgz");
        assertTrue(e.getMessage().startsWith("cannot extract " + archive + ": archive entry 'data/../../outside/evil.txt'"), e.getMessage());
        assertFalse(Files.exists(dest), "the destination it made is gone");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("mine.txt"), "kept");
        rejected("tgz");
        assertEquals(List.of("mine.txt"), UntarDataMirrorTest.list(dest), "what was there before stays, the rest goes");
        FileTrees.deleteRecursively(dest);

        try (var t = new Archives.Tgz(archive)) {
            t.file("data/a.txt", "x".repeat(100_000)).file("data/b.txt", "y".repeat(100_000));
        }
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length - 12)); // a download cut short
        UncheckedIOException u = assertThrows(UncheckedIOException.class,
                () -> SafeExtractor.extract(archive, "tgz", dest, Progress.none(), SafeExtractor.Limits.none()));
        assertTrue(u.getMessage().startsWith("cannot extract " + archive + " into " + dest + ": "), u.getMessage());
        assertFalse(Files.exists(dest));
    }

    @Test
    void zipDevicesAndFifosAreRefusedLikeTarOnes() throws Exception {
        // a zip entry's Unix mode can say FIFO or device too; such entries used to be written as empty files
        archive = archives.resolve("dev.zip");
        try (var z = new Archives.Zip(archive)) {
            z.file("data/ok.txt", "fine").special("data/fifo", 0010644);
        }
        UnsafeArchiveException e = rejected("zip");
        assertTrue(e.getMessage().contains("'data/fifo' is a FIFO (devices and FIFOs are not extracted)"), e.getMessage());
        Files.delete(archive);
        try (var z = new Archives.Zip(archive)) {
            z.special("tty", 0020644);
        }
        assertTrue(rejected("zip").getMessage().contains("'tty' is a device"));
        assertFalse(Files.exists(dest));
    }

    @Test
    void headersTheLibraryWouldReadWholeAreBounded() throws Exception {
        // a GNU long name, a PAX header or a zip link target of gigabytes compresses to a few MB and used to exhaust the heap
        try (var t = new Archives.Tgz(archive)) {
            t.raw("././@LongLink", TarArchiveEntry.LF_GNUTYPE_LONGNAME, 64L << 20, (byte) 'n').file("x", "x");
        }
        assertTrue(Files.size(archive) < 1 << 20, "64 MB of name compress to " + Files.size(archive) + " bytes");
        assertTrue(rejected("tgz").getMessage().endsWith("archive has a long-name header of 67108864 bytes (at most 1048576 are read)"));
        try (var t = new Archives.Tgz(archive)) {
            t.raw("././@PaxHeader", TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC, 2 << 20, (byte) '9').file("x", "x");
        }
        assertTrue(rejected("tgz").getMessage().endsWith("archive has a PAX header of 2097152 bytes (at most 1048576 are read)"));
        archive = archives.resolve("link.zip");
        try (var z = new Archives.Zip(archive)) {
            z.symlink("l", "a/".repeat(3000));
        }
        assertTrue(rejected("zip").getMessage().endsWith("symbolic link 'l' has a target longer than 4096 bytes"));
        assertFalse(Files.exists(dest));
        try (var t = new Archives.Tgz(archive = archives.resolve("ok.tgz"))) {
            t.file("d/" + ("n".repeat(100) + "/").repeat(3) + "x.txt", "long names of real size still work");
        }
        assertEquals(1, SafeExtractor.extract(archive, "tgz", dest, Progress.none(), SafeExtractor.Limits.none()));
    }
}
