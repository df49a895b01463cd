package textdive.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.testing.ChildJvm;
import textdive.testing.OtherProcessLock;

/** Atomic, durable writes that keep permissions, and the cleaning of what killed writers leave behind. */
class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("sub/vocab.txt");
        AtomicFiles.writeString(f, "one", StandardCharsets.UTF_8);
        AtomicFiles.writeString(f, "two", StandardCharsets.UTF_8);
        assertEquals("two", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left beside the target");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(3, Files.size(f), "the old content is intact");
        assertEquals(List.of(f), listing());
    }

    @Test
    void rewritingAFileKeepsItsPermissions() throws IOException {
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw-------", "rwxr-xr-x", "rw-rw-r--")) {
            Path f = dir.resolve("notebook-" + mode + ".ipynb");
            Files.writeString(f, "old");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            AtomicFiles.writeString(f, "new", StandardCharsets.UTF_8);
            assertEquals("new", Files.readString(f));
            assertEquals(mode, mode(f), "a " + mode + " file keeps its mode when rewritten");
        }
    }

    @Test
    void aNewFileGetsWhatTheUmaskGivesAnyNewFile() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path f = AtomicFiles.writeString(dir.resolve("kernel.json"), "{}", StandardCharsets.UTF_8);
        assertEquals(mode(plain), mode(f), "same mode as a file created the ordinary way in this process");
        // and under two explicit umasks, in a child process (a JVM cannot change its own umask)
        for (String[] c : new String[][] {{"022", "rw-r--r--"}, {"027", "rw-r-----"}, {"002", "rw-rw-r--"}}) {
            Path target = dir.resolve("umask-" + c[0] + ".json");
            List<String> java = ChildJvm.command(List.of(), List.of(), WriteOnce.class, target.toString(), "{}");
            String script = "umask " + c[0] + " && exec \"$@\"";
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
            cmd.addAll(java);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertEquals(c[1], mode(target), "umask " + c[0]);
        }
    }

    @Test
    void theFileIsSyncedBeforeTheRenameAndTheFolderAfterIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed (Debian: apt-get install strace)");
        Path target = dir.resolve("ckpt.bin");
        Path log = dir.resolve("strace.log");
        List<String> cmd = ChildJvm.command(List.of("/usr/bin/strace", "-f", "-y", "-qq", "-o", log.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2"), List.of(), WriteOnce.class, target.toString(), "weights");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assumeTrue(!out.contains("PTRACE") && !out.contains("Operation not permitted"), "strace may not trace here: " + out);
        assertEquals(0, rc, out);
        assertEquals("weights", Files.readString(target));
        List<String> calls = Files.readAllLines(log);
        Pattern renameTo = Pattern.compile(
                ".*\\brename(at2?)?\\(.*\"([^\"]+)\", .*\"" + Pattern.quote(target.toString()) + "\".*");
        int rename = -1, fileSync = -1, dirSync = -1;
        String tmp = null;
        for (int i = 0; i < calls.size() && rename < 0; i++) {
            Matcher m = renameTo.matcher(calls.get(i));
            if (m.matches()) {
                rename = i;
                tmp = m.group(2);
            }
        }
        for (int i = 0; i < calls.size(); i++) {
            String l = calls.get(i);
            if (i < rename && tmp != null && l.matches(".*\\bf(data)?sync\\(\\d+<" + Pattern.quote(tmp) + ">\\).*")) fileSync = i;
            if (i > rename && rename >= 0 && l.matches(".*\\bfsync\\(\\d+<" + Pattern.quote(dir.toRealPath().toString()) + ">\\).*")) dirSync = i;
        }
        String trace = String.join("\n", calls);
        assertTrue(rename >= 0, "the temporary file is renamed over the target:\n" + trace);
        assertTrue(fileSync >= 0 && fileSync < rename, "the temporary file is fsynced before the rename:\n" + trace);
        assertTrue(dirSync > rename, "the folder is fsynced after the rename:\n" + trace);
    }

    @Test
    void leftoversOfKilledWritersAreCleanedButNotFilesALiveWriterHolds() throws Exception {
        Path target = dir.resolve("model.ckpt");
        Instant old = Instant.now().minusSeconds(3600);
        Path dead = dir.resolve(".model.ckpt.123456789.tmp");      // a killed writer's leftover
        Path locked = dir.resolve(".model.ckpt.987654321.tmp");    // another process is writing it
        Path young = dir.resolve(".model.ckpt.555.tmp");           // just created, not yet locked
        Path otherTarget = dir.resolve(".other.ckpt.42.tmp");      // someone else's leftover: not this target's
        Path unrelated = dir.resolve(".model.ckpt.notes.tmp");     // not our naming
        for (Path p : List.of(dead, locked, young, otherTarget, unrelated)) Files.write(p, new byte[1000]);
        for (Path p : List.of(dead, locked, otherTarget, unrelated)) Files.setLastModifiedTime(p, FileTime.from(old));
        try (OtherProcessLock holder = OtherProcessLock.hold(locked)) {
            AtomicFiles.writeString(target, "new", StandardCharsets.UTF_8);
            assertFalse(Files.exists(dead), "an unlocked, old leftover of this target is deleted by the next write");
            assertTrue(Files.exists(locked), "a file another live process holds locked is kept");
            assertTrue(Files.exists(young), "a file younger than " + AtomicFiles.STALE_AFTER + " is kept");
            assertTrue(Files.exists(otherTarget) && Files.exists(unrelated), "other targets' and other names' files are kept");
        }
        assertEquals(List.of(locked), AtomicFiles.cleanStale(target), "once its process is gone, the lock is gone and the file is cleaned");
    }

    @Test
    void aFileThisProcessIsWritingIsNeverTakenForALeftover() throws Exception {
        Path target = dir.resolve("corpus.bin");
        CountDownLatch writing = new CountDownLatch(1), release = new CountDownLatch(1);
        CompletableFuture<Path> write = CompletableFuture.supplyAsync(() -> {
            try {
                return AtomicFiles.write(target, out -> {
                    out.write(new byte[1 << 20]);
                    out.flush();
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    out.write(new byte[1 << 20]);
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(writing.await(30, TimeUnit.SECONDS));
        Path tmp;
        try (Stream<Path> s = Files.list(dir)) {
            tmp = s.filter(p -> p.getFileName().toString().startsWith(".corpus.bin.")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(3600)));
        assertEquals(List.of(), AtomicFiles.cleanStale(target));
        release.countDown();
        write.get(30, TimeUnit.SECONDS);
        assertEquals(2 << 20, Files.size(target), "the write completes whole");
        assertEquals(List.of(target), listing());
    }
}
