package textdive.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a local HTTP server on 127.0.0.1 (never the internet): checksums, progress,
 * failures that leave nothing behind, and the offline switch.
 */
class UntarDataDownloadTest {
    @TempDir Path tmp;
    Path cache;
    HttpServer server;
    String base;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicLong endlessSent = new AtomicLong();
    final ExecutorService pool = Executors.newCachedThreadPool();
    final CountDownLatch release = new CountDownLatch(1);
    byte[] tgz;
    String tgzSha;

    @BeforeEach
    void start() throws Exception {
        cache = tmp.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/stall", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[10]);
            ex.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.createContext("/endless", ex -> { // no Content-Length: 300 MB, chunked, counting what got out
            ex.sendResponseHeaders(200, 0);
            byte[] block = new byte[1 << 16];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < 300L << 20; sent += block.length) {
                    out.write(block);
                    endlessSent.addAndGet(block.length);
                }
            } catch (IOException closedByClient) {
                // the client stopped reading
            }
            ex.close();
        });
        server.createContext("/offers-too-much", ex -> { // announces 300 MB
            ex.sendResponseHeaders(200, 300L << 20);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1 << 16]);
            } catch (IOException closedByClient) {
                // the client refused
            }
            ex.close();
        });
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = served.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();

        Path archive = tmp.resolve("numbers.tgz");
        try (var t = new Archives.Tgz(archive)) {
            t.dir("numbers").file("numbers/train.txt", HumanNumbers.text(1, 50)).file("numbers/valid.txt", HumanNumbers.text(51, 60));
        }
        tgz = Files.readAllBytes(archive);
        tgzSha = Checksums.sha256(archive);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private Registry registry(String sha256, long size) {
        String json = """
            {"datasets": [{
              "name": "NUMBERS", "folder": "numbers", "url": "%1$s/numbers.tgz",
              "download": {"kind": "tgz", "url": "%1$s/numbers.tgz", "size": %3$d, "sha256": "%2$s"},
              "mirror": {"kind": "tgz", "path": "numbers/numbers.tgz", "size": %3$d, "sha256": "%2$s"},
              "layout": {"files": ["train.txt", "valid.txt"]}
            }, {
              "name": "TEXTS", "folder": "texts", "url": "%1$s/texts/",
              "download": {"kind": "files", "url": "%1$s/texts/", "files": [
                 {"name": "a.txt", "size": 1, "sha256": "%4$s"}]},
              "layout": {"files": ["a.txt"]}
            }]}
            """.formatted(base, sha256, size, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" /* sha256("a") */);
        return Registry.parse(new StringReader(json));
    }

    private UntarData untar(Registry r, Progress p, Optional<Path> mirror, boolean offline) {
        return new UntarData(new DataSettings(cache, mirror, offline), r, p);
    }

    @Test
    void downloadsVerifiesAndExtractsWithProgress() throws Exception {
        served.put("/numbers.tgz", tgz);
        RecordingProgress p = new RecordingProgress();
        Path path = untar(registry(tgzSha, tgz.length), p, Optional.empty(), false).get(base + "/numbers.tgz", false);

        assertEquals(cache.resolve("numbers"), path);
        assertEquals(HumanNumbers.text(1, 50), Files.readString(path.resolve("train.txt")));
        assertEquals(List.of("Downloading " + base + "/numbers.tgz", "Extracting download.tgz"), p.started);
        assertEquals(2, p.finished);
        assertTrue(p.updates >= 2, p.toString());
        assertEquals(List.of(".numbers.complete", ".numbers.lock", "numbers"), UntarDataMirrorTest.list(cache),
                "the downloaded archive and the work folder are gone");
        String marker = Files.readString(cache.resolve(".numbers.complete"));
        assertTrue(marker.contains("from=" + base + "/numbers.tgz"), marker);
    }

    @Test
    void aDownloadWithTheWrongChecksumFailsAndLeavesNoPartialFiles() throws Exception {
        byte[] corrupt = tgz.clone();
        corrupt[corrupt.length / 2] ^= 1;
        served.put("/numbers.tgz", corrupt);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> untar(registry(tgzSha, tgz.length), Progress.none(), Optional.empty(), false).get(base + "/numbers.tgz", false));
        assertTrue(e.getMessage().contains("NUMBERS") && e.getMessage().contains(tgzSha), e.getMessage());
        assertEquals(List.of(".numbers.lock"), UntarDataMirrorTest.list(cache), "nothing but the lock file is left");
    }

    @Test
    void aTruncatedDownloadFailsOnItsSize() throws Exception {
        served.put("/numbers.tgz", Arrays.copyOf(tgz, tgz.length - 10));
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> untar(registry(tgzSha, tgz.length), Progress.none(), Optional.empty(), false).get(base + "/numbers.tgz", false));
        assertTrue(e.getMessage().contains("expected " + tgz.length + " bytes"), e.getMessage());
        assertEquals(List.of(".numbers.lock"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void aCorruptMirrorFileIsAnErrorNotASilentDownload() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror/numbers"));
        byte[] corrupt = tgz.clone();
        corrupt[10] ^= 1;
        Files.write(mirror.resolve("numbers.tgz"), corrupt);
        served.put("/numbers.tgz", tgz);
        assertThrows(ChecksumMismatchException.class, () -> untar(registry(tgzSha, tgz.length), Progress.none(),
                Optional.of(tmp.resolve("mirror")), false).get(base + "/numbers.tgz", false));
        assertEquals(0, requests.get(), "the mirror is consulted before any download");
        assertFalse(Files.exists(cache.resolve("numbers")));
    }

    @Test
    void theMirrorIsUsedBeforeAnyDownload() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror/numbers"));
        Files.write(mirror.resolve("numbers.tgz"), tgz);
        Path path = untar(registry(tgzSha, tgz.length), Progress.none(), Optional.of(tmp.resolve("mirror")), false)
                .get(base + "/numbers.tgz", false);
        assertEquals(HumanNumbers.text(51, 60), Files.readString(path.resolve("valid.txt")));
        assertEquals(0, requests.get());
    }

    @Test
    void plainFilesAreDownloadedOneByOne() throws Exception {
        served.put("/texts/a.txt", "a".getBytes());
        Path path = untar(registry(tgzSha, tgz.length), Progress.none(), Optional.empty(), false).get(base + "/texts/", false);
        assertEquals("a", Files.readString(path.resolve("a.txt")));
    }

    @Test
    void aStalledDownloadIsAbandoned() {
        Path target = tmp.resolve("stalled.bin");
        long t0 = System.nanoTime();
        DatasetException e = assertThrows(DatasetException.class,
                () -> Download.fetch(base + "/stall", target, Progress.none(), Duration.ofMillis(300), 1000));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "gave up long before the server would have");
    }

    @Test
    void httpErrorsNameTheUrl() throws Exception {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(registry(tgzSha, tgz.length), Progress.none(), Optional.empty(), false).get(base + "/numbers.tgz", false));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(base + "/numbers.tgz"), e.getMessage());
        assertEquals(List.of(".numbers.lock"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void offlineAndUnmirroredIsAClearError() {
        served.put("/numbers.tgz", tgz);
        DatasetException e = assertThrows(DatasetException.class, () -> untar(registry(tgzSha, tgz.length), Progress.none(),
                Optional.of(tmp.resolve("empty-mirror")), true).get(base + "/numbers.tgz", false));
        String m = e.getMessage();
        assertTrue(m.contains("NUMBERS"), m);
        assertTrue(m.contains(base + "/numbers.tgz"), "names the URL: " + m);
        assertTrue(m.contains("TEXTDIVE_MIRROR") && m.contains("TEXTDIVE_OFFLINE"), "names the settings: " + m);
        assertTrue(m.contains("numbers/numbers.tgz"), "says what the mirror should hold: " + m);
        assertEquals(0, requests.get());
    }

    @Test
    void offlineWithTheRealRegistryNamesTheRealUrl() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(Registry.standard(), Progress.none(), Optional.empty(), true).get(URLs.IMDB, false));
        assertTrue(e.getMessage().startsWith("Dataset IMDB (" + URLs.IMDB + ") is not available"), e.getMessage());
        assertTrue(e.getMessage().contains("no offline mirror is set"), e.getMessage());
    }

    @Test
    void unknownUrlsAreRejectedWithTheKnownNames() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(Registry.standard(), Progress.none(), Optional.empty(), true).get("https://example.org/x.tgz", false));
        assertTrue(e.getMessage().contains("HUMAN_NUMBERS") && e.getMessage().contains("URLs"), e.getMessage());
    }

    private Registry sized(String path, long size) {
        return Registry.parse(new StringReader("""
            {"datasets": [{
              "name": "BIG", "folder": "big", "url": "%1$s%2$s",
              "download": {"kind": "tgz", "url": "%1$s%2$s", "size": %3$d, "sha256": "%4$s"},
              "layout": {"files": []}
            }]}
            """.formatted(base, path, size, tgzSha)));
    }

    @Test
    void aDownloadStopsAtTheRegistrysSize() throws Exception {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(sized("/endless", 1000), Progress.none(), Optional.empty(), false).get(base + "/endless", false));
        assertTrue(e.getMessage().contains("more than the registry's 1000 bytes"), e.getMessage());
        assertTrue(endlessSent.get() < 32L << 20, "stopped long before 300 MB: the server got " + endlessSent.get() + " bytes out");
        assertEquals(List.of(".big.lock"), UntarDataMirrorTest.list(cache), "nothing is left");
    }

    @Test
    void aServerOfferingMoreThanTheRegistrysSizeIsRefusedBeforeAnyByteIsWritten() throws Exception {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(sized("/offers-too-much", 1000), Progress.none(), Optional.empty(), false).get(base + "/offers-too-much", false));
        assertTrue(e.getMessage().contains("the server offers 314572800 bytes, the registry says 1000"), e.getMessage());
        assertEquals(List.of(".big.lock"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void aFailedDownloadSaysWhatToDoInAFewLinesWithoutTheHttpStack() throws Exception {
        String unreachable = "http://127.0.0.1:1/numbers.tgz"; // nothing listens on port 1
        Registry r = Registry.parse(new StringReader("""
            {"datasets": [{
              "name": "NUMBERS", "folder": "numbers", "url": "%1$s",
              "download": {"kind": "tgz", "url": "%1$s", "size": 10, "sha256": "%2$s"},
              "mirror": {"kind": "tgz", "path": "numbers/numbers.tgz", "size": 10, "sha256": "%2$s"},
              "layout": {"files": []}
            }]}
            """.formatted(unreachable, tgzSha)));
        DatasetException e = assertThrows(DatasetException.class, () -> untar(r, Progress.none(), Optional.empty(), false).get(unreachable, false));
        String m = e.getMessage();
        assertTrue(m.startsWith("Dataset NUMBERS could not be downloaded from " + unreachable + " (ConnectException"), m);
        assertTrue(m.contains("not in the cache " + cache.resolve("numbers")) && m.contains("no offline mirror is set"), m);
        assertTrue(m.contains("TEXTDIVE_MIRROR") && m.contains("numbers/numbers.tgz") && m.contains("TEXTDIVE_DATA")
                && m.contains("TEXTDIVE_OFFLINE"), m);
        assertTrue(m.lines().count() <= 3, "a few lines: " + m);
        assertEquals(null, e.getCause(), "no chain of HTTP client exceptions to print");
        assertEquals(List.of(".numbers.lock"), UntarDataMirrorTest.list(cache));
    }

    @Test
    void anHttpErrorSaysWhatToDoToo() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> untar(registry(tgzSha, tgz.length), Progress.none(), Optional.empty(), false).get(base + "/numbers.tgz", false));
        assertTrue(e.getMessage().contains("(HTTP 404)") && e.getMessage().contains("TEXTDIVE_MIRROR"), e.getMessage());
    }

    @Test
    void aZipBombInTheMirrorStopsAtTheRegistrysUnpackedSize() throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror/bomb"));
        Path bomb = mirror.resolve("bomb.tgz");
        try (var t = new Archives.Tgz(bomb)) {
            t.dir("bomb").file("bomb/train.txt", "one two three").zeros("bomb/zeros.bin", 64L << 20);
        }
        assertTrue(Files.size(bomb) < 1 << 20, "64 MiB of zeros in a " + Files.size(bomb) + "-byte archive");
        Registry r = Registry.parse(new StringReader("""
            {"datasets": [{
              "name": "BOMB", "folder": "bomb", "url": "bomb",
              "mirror": {"kind": "tgz", "path": "bomb/bomb.tgz", "size": %d, "sha256": "%s", "unpacked": {"bytes": 1000, "entries": 3}},
              "layout": {"files": ["train.txt"]}
            }]}
            """.formatted(Files.size(bomb), Checksums.sha256(bomb))));
        ArchiveTooLargeException e = assertThrows(ArchiveTooLargeException.class,
                () -> untar(r, Progress.none(), Optional.of(tmp.resolve("mirror")), true).get("bomb", false));
        assertTrue(e.getMessage().contains("bomb.tgz unpacks to more than " + (1000 + 100 + (1 << 20)) + " bytes")
                && e.getMessage().contains("the registry states 1000 bytes in 3 entries, plus a margin"), e.getMessage());
        assertEquals(List.of(".bomb.lock"), UntarDataMirrorTest.list(cache), "nothing of it is kept");
    }

    @Test
    void aMalformedContentLengthIsAFailedDownloadNotANumberFormatException() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            pool.submit(() -> {
                try (Socket c = raw.accept()) {
                    c.getInputStream().read(new byte[8192]);
                    c.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: abc\r\nConnection: close\r\n\r\nhello"
                            .getBytes(StandardCharsets.US_ASCII));
                }
                return null;
            });
            String bad = "http://127.0.0.1:" + raw.getLocalPort() + "/numbers.tgz";
            Registry r = Registry.parse(new StringReader("""
                {"datasets": [{"name": "NUMBERS", "folder": "numbers", "url": "%1$s",
                  "download": {"kind": "tgz", "url": "%1$s", "size": 5, "sha256": "%2$s"}, "layout": {"files": []}}]}
                """.formatted(bad, tgzSha)));
            // was an IllegalArgumentException (For input string: "abc") thrown by the JDK's HTTP client
            DatasetException e = assertThrows(DatasetException.class, () -> untar(r, Progress.none(), Optional.empty(), false).get(bad, false));
            assertTrue(e.getMessage().startsWith("Dataset NUMBERS could not be downloaded from " + bad
                    + " (malformed response: NumberFormatException: For input string: \"abc\")"), e.getMessage());
            assertEquals(List.of(".numbers.lock"), UntarDataMirrorTest.list(cache));
        }
    }
}
