package textdive.datasets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The right to build one dataset in one cache: a lock in this JVM plus a file lock on
 * {@code <cache>/.<folder>.lock} for other processes (it dies with its process, so a killed build
 * never blocks the next one). The JVM lock is taken first and the lock file is opened only under it:
 * closing any channel to a file drops every POSIX lock this process holds on it, so this JVM never
 * opens a lock file that one of its own threads holds.
 */
final class DatasetLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DatasetLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static Path file(Path cache, String folder) {
        return cache.resolve("." + folder + ".lock");
    }

    /** Waits until this thread may build dataset {@code folder} in {@code cache}. */
    static DatasetLock acquire(Path cache, String folder) throws IOException {
        ReentrantLock jvm = jvmLock(cache, folder);
        jvm.lock();
        if (jvm.getHoldCount() > 1) { // the file lock is this thread's already: it cannot wait for itself
            jvm.unlock();
            throw new IllegalStateException("dataset " + folder + " in " + cache + " is already being built by this thread (a derivation cycle?)");
        }
        DatasetLock lock = open(jvm, cache, folder, true);
        if (lock == null) throw new IllegalStateException("the lock on dataset " + folder + " in " + cache + " is held elsewhere in this JVM");
        return lock;
    }

    /** The lock if nobody (no other process, no thread of this JVM, not this thread either) builds the dataset now; else null. */
    static DatasetLock tryAcquire(Path cache, String folder) throws IOException {
        ReentrantLock jvm = jvmLock(cache, folder);
        if (jvm.isHeldByCurrentThread() || !jvm.tryLock()) return null;
        return open(jvm, cache, folder, false);
    }

    /**
     * Keyed by the cache's real path: two spellings of one cache (a symbolic link, {@code a/../b}) must share one JVM
     * lock, or the second thread's file lock fails as overlapping and, worse, closing its channel drops the first
     * thread's lock.
     */
    private static ReentrantLock jvmLock(Path cache, String folder) throws IOException {
        return JVM_LOCKS.computeIfAbsent(file(cache.toRealPath(), folder), k -> new ReentrantLock());
    }

    private static DatasetLock open(ReentrantLock jvm, Path cache, String folder, boolean wait) throws IOException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file(cache, folder), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = wait ? ch.lock() : ch.tryLock();
            if (lock == null) {
                ch.close();
                jvm.unlock();
                return null;
            }
            return new DatasetLock(jvm, ch, lock);
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            jvm.unlock();
            if (e instanceof OverlappingFileLockException) return null;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
