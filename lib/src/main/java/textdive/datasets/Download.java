package textdive.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one URL into a file over HTTP(S), following redirects, with progress. The caller owns the
 * file (it lives in a temporary folder in the cache and is verified before use). A connection that
 * stops delivering data for a minute is abandoned rather than left hanging, and a body larger than
 * the registry's size is refused (by its Content-Length) or cut off as soon as it goes past it.
 * Failures are {@link DownloadFailedException}s whose message is one line, without the HTTP
 * client's stack.
 */
final class Download {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    /** A download that delivers no byte for this long is abandoned. */
    static final Duration STALL = Duration.ofSeconds(60);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "textdive-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private Download() {}

    /** Writes the body of {@code url} to {@code target} (which must not exist), at most {@code maxBytes} bytes. */
    static void fetch(String url, Path target, Progress progress, long maxBytes) {
        fetch(url, target, progress, STALL, maxBytes);
    }

    static void fetch(String url, Path target, Progress progress, Duration stall, long maxBytes) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("User-Agent", "textdive")
                .timeout(Duration.ofMinutes(2))
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DownloadFailedException(url, summary(e));
        } catch (IllegalArgumentException e) {
            // the JDK's client throws this (a NumberFormatException inside) for a malformed Content-Length header
            throw new DownloadFailedException(url, "malformed response: " + summary(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException(url, "interrupted");
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new DownloadFailedException(url, "HTTP " + response.statusCode());
            }
            long total;
            try {
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } catch (NumberFormatException e) { // a hostile or broken server, named as a failed download
                throw new DownloadFailedException(url, "malformed Content-Length: " + response.headers().firstValue("Content-Length").orElse(""));
            }
            if (total > maxBytes) {
                throw new DownloadFailedException(url, "the server offers " + total + " bytes, the registry says " + maxBytes
                        + "; not downloaded (the file there is not the one registered)");
            }
            progress.start("Downloading " + url, total, "bytes");
            Watchdog watchdog = new Watchdog(in, stall);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    watchdog.alive();
                    if (done + n > maxBytes) {
                        throw new DownloadFailedException(url, "the server sent more than the registry's " + maxBytes
                                + " bytes; stopped there (the file there is not the one registered)");
                    }
                    out.write(buf, 0, n);
                    done += n;
                    progress.update(done);
                }
            } catch (IOException e) {
                if (watchdog.fired) {
                    throw new DownloadFailedException(url, "stalled: no data for " + stall.toMillis() / 1000.0 + " s");
                }
                throw e;
            } finally {
                watchdog.stop();
                progress.finish();
            }
        } catch (IOException e) {
            throw new DownloadFailedException(url, summary(e));
        }
    }

    /** "ConnectException: Connection refused" from the innermost cause that says something. */
    static String summary(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        Throwable said = t.getMessage() != null ? t : e;
        return said.getClass().getSimpleName() + (said.getMessage() == null ? "" : ": " + said.getMessage());
    }

    /** Closes the body stream when no byte has arrived for {@code stall}, which ends a hung read. */
    private static final class Watchdog {
        private final InputStream in;
        private final long stallNanos;
        private final ScheduledFuture<?> task;
        private volatile long lastNanos = System.nanoTime();
        volatile boolean fired;

        Watchdog(InputStream in, Duration stall) {
            this.in = in;
            this.stallNanos = stall.toNanos();
            long period = Math.max(10, stall.toMillis() / 4);
            this.task = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        void alive() {
            lastNanos = System.nanoTime();
        }

        private void check() {
            if (System.nanoTime() - lastNanos > stallNanos) {
                fired = true;
                task.cancel(false);
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the reading thread reports the failure
                }
            }
        }

        void stop() {
            task.cancel(false);
        }
    }
}
