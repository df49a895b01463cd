package textdive.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Another live process holding a POSIX lock (lockf, as Java's FileLock) on a file, until closed: what
 * the cleaners must recognise as "someone is writing this".
 */
public final class OtherProcessLock implements AutoCloseable {
    private final Process holder;

    private OtherProcessLock(Process holder) {
        this.holder = holder;
    }

    /** Returns once the other process holds the lock. */
    public static OtherProcessLock hold(Path file) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(120)",
                file.toString()).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IOException("the lock holder did not start: " + line);
        }
        return new OtherProcessLock(p);
    }

    /** Kills the process; its lock dies with it. */
    @Override
    public void close() throws IOException {
        try {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
