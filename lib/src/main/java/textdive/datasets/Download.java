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

/**
 * Fetches one URL into a file over HTTP(S), following redirects, with progress. The caller owns the
 * file (it lives in a temporary folder in the cache and is verified before use).
 */
final class Download {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private Download() {}

    /** Writes the body of {@code url} to {@code target} (which must not exist). */
    static void fetch(String url, Path target, Progress progress) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("User-Agent", "textdive")
                .timeout(Duration.ofMinutes(2))
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DatasetException("cannot download " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("download of " + url + " was interrupted", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new DatasetException("cannot download " + url + ": HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.start("Downloading " + url, total, "bytes");
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    progress.update(done);
                }
            } finally {
                progress.finish();
            }
        } catch (IOException e) {
            throw new DatasetException("download of " + url + " failed: " + e, e);
        }
    }
}
