package textdive.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the whole new content, never a
 * half-written file, and so that the new content survives a power loss once the call returns:
 * <ol>
 *   <li>a temporary file {@code .NAME.DIGITS.tmp} beside the target, locked while it is written;</li>
 *   <li>the target's permissions if it exists, else the ones any new file gets (the umask);</li>
 *   <li>fsync of the file, rename over the target, fsync of the folder.</li>
 * </ol>
 * Caches, vocabularies, checkpoints, models, notebooks and kernelspecs all go through here.
 *
 * <p>A process killed while writing leaves its temporary file behind. The next write of the same
 * target (and {@link #cleanStale}, which readers call) deletes such leftovers, but only ones that no
 * process holds locked and that have not been touched for {@link #STALE_AFTER}: a live writer holds
 * its lock until the rename, and the lock dies with its process.
 */
public final class AtomicFiles {
    /** A temporary file younger than this is never taken for a leftover (it may be between creation and locking). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);

    /** Temporary files this JVM is writing: never opened by the cleaner (closing a second channel would drop the lock). */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically and durably; on any failure the target is untouched and no temp file is left. */
    public static Path write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        cleanStale(abs);
        Path tmp = dir.resolve(tempPrefix(abs) + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        LIVE.add(tmp);
        boolean moved = false;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.lock();
            keepMode(abs, tmp);
            OutputStream out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(ch)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the channel stays open (and locked) until after the rename
                }
            }, 1 << 16);
            content.writeTo(out);
            out.close();
            ch.force(true);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            LIVE.remove(tmp);
            if (!moved) Files.deleteIfExists(tmp);
        }
        syncFolder(dir);
        return target;
    }

    public static Path writeBytes(Path target, byte[] bytes) throws IOException {
        return write(target, out -> out.write(bytes));
    }

    public static Path writeString(Path target, String text, Charset charset) throws IOException {
        return writeBytes(target, text.getBytes(charset));
    }

    /**
     * Deletes the temporary files that killed writers of {@code target} left beside it: unlocked, and
     * older than {@link #STALE_AFTER}. Returns what it deleted. Never throws: a leftover that cannot be
     * removed stays until next time.
     */
    public static List<Path> cleanStale(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        List<Path> removed = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return removed;
        String prefix = tempPrefix(abs);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> isTempOf(p, prefix))) {
            for (Path p : ds) {
                if (isStale(p)) {
                    try {
                        if (Files.deleteIfExists(p)) removed.add(p);
                    } catch (IOException ignored) {
                        // not ours to delete (permissions): leave it
                    }
                }
            }
        } catch (IOException ignored) {
            // an unreadable folder: the write itself will say what is wrong
        }
        return removed;
    }

    /** Fsyncs a folder, so that a rename or a new entry in it survives a power loss (where the file system allows it). */
    public static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot open or sync a folder; the rename itself is still atomic
        }
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static boolean isTempOf(Path p, String prefix) {
        String n = p.getFileName().toString();
        if (!n.startsWith(prefix) || !n.endsWith(".tmp")) return false;
        String digits = n.substring(prefix.length(), n.length() - 4);
        return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit);
    }

    /** Not being written by this JVM, untouched for a while, and lockable (so no other live process writes it). */
    private static boolean isStale(Path p) {
        if (LIVE.contains(p)) return false;
        try {
            FileTime mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
            if (mtime.toInstant().isAfter(Instant.now().minus(STALE_AFTER))) return false;
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return false;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) return false; // another process is writing it
                lock.release();
                return true;
            }
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (NoSuchFileException e) {
            return false; // renamed into place meanwhile
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no locks here: we cannot tell, so we keep it
        }
    }

    /** The target's permissions on the new file; a new target keeps what the umask gave the temporary file. */
    private static void keepMode(Path target, Path tmp) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
            Files.setPosixFilePermissions(tmp, mode);
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            // no existing file, or no POSIX permissions on this file system
        } catch (FileSystemException e) {
            throw new FileSystemException(target.toString(), null, "cannot keep its permissions: " + IoErrors.describe(e));
        }
    }
}
