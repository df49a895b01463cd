package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.io.FileTrees;
import textdive.testing.ChildJvm;
import textdive.testing.OtherProcessLock;

/** The dataset cache: a forced rebuild that fails keeps the good copy; killed builds' leftovers go; a bad cache folder says why. */
class UntarDataCacheTest {
    @TempDir Path tmp;
    Path cache;
    Path mirror;
    Registry registry;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        cache = tmp.resolve("cache");
        mirror = Files.createDirectories(tmp.resolve("mirror/numbers"));
        Path archive = mirror.resolve("numbers.tgz");
        try (var t = new Archives.Tgz(archive)) {
            t.dir("numbers").file("numbers/train.txt", HumanNumbers.text(1, 50)).file("numbers/valid.txt", HumanNumbers.text(51, 60));
        }
        url = "http://127.0.0.1:1/numbers.tgz"; // port 1: nothing listens, the download fails at once
        registry = Registry.parse(new StringReader("""
            {"datasets": [{
              "name": "NUMBERS", "folder": "numbers", "url": "%1$s",
              "download": {"kind": "tgz", "url": "%1$s", "size": %3$d, "sha256": "%2$s"},
              "mirror": {"kind": "tgz", "path": "numbers/numbers.tgz", "size": %3$d, "sha256": "%2$s"},
              "layout": {"files": ["train.txt", "valid.txt"]}
            }]}
            """.formatted(url, Checksums.sha256(archive), Files.size(archive))));
    }

    private UntarData untar() {
        return new UntarData(new DataSettings(cache, Optional.of(tmp.resolve("mirror")), false), registry, Progress.none());
    }

    @Test
    void aForcedRebuildWhileTheSourceIsUnreachableKeepsTheGoodCopy() throws Exception {
        Path path = untar().get(url, false);
        Files.delete(mirror.resolve("numbers.tgz")); // the mirror goes away and the download cannot connect
        DatasetException e = assertThrows(DatasetException.class, () -> untar().get(url, true));
        assertTrue(e.getMessage().contains("could not be downloaded"), e.getMessage());
        assertTrue(untar().isComplete(registry.forUrl(url)), "the completion marker is still there");
        assertEquals(path, untar().get(url, false), "and the cached copy is used as before");
        assertEquals(HumanNumbers.text(1, 50), Files.readString(path.resolve("train.txt")));
        assertEquals(List.of(".numbers.complete", ".numbers.lock", "numbers"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void aForcedRebuildThatSucceedsReplacesTheCopy() throws Exception {
        Path path = untar().get(url, false);
        Files.writeString(path.resolve("train.txt"), "changed by hand");
        assertEquals(path, untar().get(url, true));
        assertEquals(HumanNumbers.text(1, 50), Files.readString(path.resolve("train.txt")));
        assertEquals(List.of(".numbers.complete", ".numbers.lock", "numbers"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void aKilledBuildsWorkFolderIsDeletedByTheNextCallButNotOneALiveProcessHolds() throws Exception {
        Files.createDirectories(cache);
        Path dead = Files.createDirectories(cache.resolve(".numbers.partial-123456"));
        Files.writeString(dead.resolve("half-extracted.txt"), "x".repeat(10_000));
        Path live = Files.createDirectories(cache.resolve(".other.partial-987"));
        Path lock = Files.writeString(cache.resolve(".other.lock"), "");
        try (OtherProcessLock holder = OtherProcessLock.hold(lock)) {
            untar().get(url, false);
            assertFalse(Files.exists(dead), "the killed build's folder is gone");
            assertTrue(Files.exists(live), "a folder whose dataset another live process is building is kept");
        }
        untar().get(url, true); // the next run after that process died
        assertFalse(Files.exists(live));
    }

    @Test
    void sweepingWhileThisThreadBuildsADatasetLeavesItsWorkFolderAndItsLock() throws Exception {
        // a derived dataset builds its source while holding its own lock: the sweep of that inner call
        // must neither delete the outer build's folder nor open (and so, by POSIX, release) its lock file
        Files.createDirectories(cache);
        Path own = Files.createDirectories(cache.resolve(".derived.partial-42"));
        try (DatasetLock lock = DatasetLock.tryAcquire(cache, "derived")) {
            assertTrue(lock != null);
            UntarData.cleanStalePartials(cache);
            assertTrue(Files.exists(own), "this thread's own build folder is kept");
            Process other = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import fcntl,sys\nf=open(sys.argv[1],'r+')\ntry:\n fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n print('taken')\nexcept OSError:\n print('held')",
                    DatasetLock.file(cache, "derived").toString()).redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals("held", said, "another process still finds the dataset locked");
        }
        UntarData.cleanStalePartials(cache);
        assertFalse(Files.exists(own), "once the build is over (its process died), the folder is a leftover");
    }

    @Test
    void aCacheThatIsAFileIsNamedWithTheSettingToChange() throws Exception {
        Files.writeString(cache, "not a folder");
        DatasetException e = assertThrows(DatasetException.class, () -> untar().get(url, false));
        assertTrue(e.getMessage().contains(cache + " is a file, not a folder") && e.getMessage().contains("TEXTDIVE_DATA"), e.getMessage());
        Path below = cache.resolve("data");
        e = assertThrows(DatasetException.class, () -> new UntarData(new DataSettings(below, Optional.empty(), true), registry, Progress.none()).get(url, false));
        assertTrue(e.getMessage().contains("TEXTDIVE_DATA") && e.getMessage().contains(cache.toString()), e.getMessage());
    }

    @Test
    void anUnwritableCacheSaysPermissionDenied() throws Exception {
        Path shared = ChildJvm.readableTempDir();
        try {
            Path readOnly = Files.createDirectories(shared.resolve("read-only"));
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
            for (Path c : new Path[] {readOnly.resolve("data"), readOnly}) {
                String out;
                if (ChildJvm.isRoot()) { // root writes anywhere: ask a user who cannot
                    Process p = ChildJvm.startAsNobody(shared, UntarInto.class, c.toString());
                    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                } else {
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    PrintStream old = System.out;
                    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
                    try {
                        UntarInto.main(new String[] {c.toString()});
                    } finally {
                        System.setOut(old);
                    }
                    out = buf.toString(StandardCharsets.UTF_8);
                }
                assertTrue(out.startsWith("DatasetException: ") && out.contains("permission denied") && out.contains(c.toString())
                        && out.contains("TEXTDIVE_DATA"), c + ": " + out);
            }
        } finally {
            Files.setPosixFilePermissions(shared.resolve("read-only"), PosixFilePermissions.fromString("rwxr-xr-x"));
            FileTrees.deleteRecursively(shared);
        }
    }

    @Test
    void aCopyMissingALayoutFileOrMarkedForAnotherDatasetIsRebuilt() throws Exception {
        Path path = untar().get(url, false);
        Files.delete(path.resolve("train.txt")); // the user deleted part of it: it used to be served without train.txt
        assertFalse(untar().isComplete(registry.forUrl(url)));
        assertEquals(HumanNumbers.text(1, 50), Files.readString(untar().get(url, false).resolve("train.txt")));
        // a marker written for another dataset in this folder (another registry, an older pinned URL) is not trusted
        Files.writeString(cache.resolve(".numbers.complete"), "dataset=NUMBERS\nurl=http://127.0.0.1:1/older.tgz\n");
        assertFalse(untar().isComplete(registry.forUrl(url)));
        untar().get(url, false);
        assertTrue(Files.readString(cache.resolve(".numbers.complete")).startsWith("dataset=NUMBERS\nurl=" + url + "\n"));
        Files.writeString(cache.resolve(".numbers.complete"), "garbage");
        assertFalse(untar().isComplete(registry.forUrl(url)));
    }

    @Test
    void twoSpellingsOfOneCacheShareOneLock() throws Exception {
        Files.createDirectories(cache);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), cache);
        try (DatasetLock lock = DatasetLock.acquire(cache, "numbers")) {
            // used to return null (an OverlappingFileLockException caught), and the caller built without any lock
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DatasetLock.acquire(link, "numbers"));
            assertEquals("dataset numbers in " + link + " is already being built by this thread (a derivation cycle?)", e.getMessage());
            var other = Executors.newSingleThreadExecutor();
            try {
                assertEquals(null, other.submit(() -> DatasetLock.tryAcquire(link, "numbers")).get(), "held through the other spelling");
            } finally {
                other.shutdown();
            }
        }
        try (DatasetLock again = DatasetLock.tryAcquire(link, "numbers")) {
            assertTrue(again != null, "free once released");
        }
    }

    @Test
    void aManifestWithANonNumericSizeIsNamedWithItsLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mirror/folder"));
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Files.writeString(dir.resolve("MANIFEST.tsv"), "path\tbytes\tsha256\na.txt\tsix\t" + Checksums.sha256(dir.resolve("a.txt")) + "\n");
        Registry r = Registry.parse(new StringReader("""
            {"datasets": [{"name": "FOLDER", "folder": "folder", "url": "folder",
              "mirror": {"kind": "dir", "path": "folder", "manifest": "MANIFEST.tsv"}, "layout": {"files": ["a.txt"]}}]}
            """));
        DatasetException e = assertThrows(DatasetException.class, // was a NumberFormatException
                () -> new UntarData(new DataSettings(cache, Optional.of(tmp.resolve("mirror")), true), r, Progress.none()).get("folder", false));
        assertEquals("manifest " + dir.resolve("MANIFEST.tsv") + " line 2: bytes must be a size, not 'six'", e.getMessage());
    }
}
