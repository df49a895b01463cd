package textdive.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * fastai's {@code untar_data}: give it a {@link URLs} constant, get back the folder of the unpacked
 * dataset, fetching it only the first time.
 *
 * <pre>{@code Path path = UntarData.untarData(URLs.HUMAN_NUMBERS);   // .../human_numbers with train.txt, valid.txt}</pre>
 *
 * <p>Where the bytes come from, in order: the cache ({@link DataSettings#cacheDir()}) when the
 * dataset is complete there; the offline mirror; a derivation from another dataset; a download
 * (unless offline). Every file is checked against the registry's size and digests before use.
 *
 * <p>Nothing half-done ever appears under the dataset's name: the work happens in a temporary
 * folder inside the cache, the finished folder is moved into place atomically, and a marker file
 * ({@code .<folder>.complete}) is written last. A folder without its marker is discarded and
 * rebuilt. A file lock keeps two processes from building the same dataset at once.
 */
public final class UntarData {
    private static volatile Progress defaultProgress = TextProgress.toStderr();
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final DataSettings settings;
    private final Registry registry;
    private final Progress progress;

    public UntarData(DataSettings settings, Registry registry, Progress progress) {
        this.settings = settings;
        this.registry = registry;
        this.progress = progress;
    }

    /** The folder of the dataset at {@code url} (a {@link URLs} constant), fetched if needed. */
    public static Path untarData(String url) {
        return untarData(url, false);
    }

    /** As {@link #untarData(String)}; {@code force} discards the cached copy and fetches it again. */
    public static Path untarData(String url, boolean force) {
        return new UntarData(DataSettings.fromEnvironment(), Registry.standard(), defaultProgress).get(url, force);
    }

    /**
     * Where the static {@code untarData} reports progress: the hook through which a notebook shows a
     * progress bar (the notebook evaluator installs {@code textdive.viz.NotebookProgress}). The
     * default is {@link TextProgress} lines on stderr; {@code null} silences it.
     */
    public static void setProgress(Progress progress) {
        defaultProgress = progress == null ? Progress.none() : progress;
    }

    /** The dataset's folder, built if it is not complete in the cache (or if {@code force}). */
    public Path get(String url, boolean force) {
        Dataset d = registry.forUrl(url);
        Path cache = settings.cacheDir();
        Path dest = cache.resolve(d.folder());
        Path marker = markerOf(d);
        if (!force && isComplete(d)) return dest; // the marker is written last: no lock needed to trust it
        try {
            Files.createDirectories(cache);
            synchronized (JVM_LOCKS.computeIfAbsent(dest, k -> new Object())) {
                try (FileChannel ch = FileChannel.open(cache.resolve("." + d.folder() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = ch.lock()) {
                    if (!force && isComplete(d)) return dest;
                    Files.deleteIfExists(marker);
                    return build(d, dest, marker);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare dataset " + d.name() + " in " + cache + ": " + e.getMessage(), e);
        }
    }

    /** True when the dataset's folder and its marker are both in the cache. */
    public boolean isComplete(Dataset d) {
        return Files.isRegularFile(markerOf(d)) && Files.isDirectory(settings.cacheDir().resolve(d.folder()));
    }

    private Path markerOf(Dataset d) {
        return settings.cacheDir().resolve("." + d.folder() + ".complete");
    }

    private Path build(Dataset d, Path dest, Path marker) throws IOException {
        Path work = Files.createTempDirectory(settings.cacheDir(), "." + d.folder() + ".partial-");
        try {
            Built built = produce(d, work);
            verifyLayout(d, built.folder());
            FileTrees.deleteRecursively(dest); // a leftover without marker
            Files.move(built.folder(), dest, StandardCopyOption.ATOMIC_MOVE);
            Path tmpMarker = work.resolve("marker");
            Files.writeString(tmpMarker, "dataset=" + d.name() + "\nurl=" + d.url() + "\nfrom=" + built.origin()
                    + "\ncompleted=" + Instant.now() + "\n", StandardCharsets.UTF_8);
            Files.move(tmpMarker, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return dest;
        } finally {
            FileTrees.deleteRecursively(work);
        }
    }

    private record Built(Path folder, String origin) {}

    private Built produce(Dataset d, Path work) throws IOException {
        Optional<Path> mirrored = mirrorPath(d).filter(p -> Files.exists(p));
        if (mirrored.isPresent()) {
            return new Built(fromLocal(d, d.mirror(), mirrored.get(), work), "mirror " + mirrored.get());
        }
        if (d.derive() != null) {
            return new Built(derive(d, work), "derived from " + d.derive().from());
        }
        if (d.download() == null || settings.offline()) throw unavailable(d);
        return new Built(fromDownload(d, d.download(), work), d.download().url());
    }

    private Optional<Path> mirrorPath(Dataset d) {
        if (d.mirror() == null) return Optional.empty();
        return settings.mirror().map(m -> m.resolve(d.mirror().path()));
    }

    /** Unpacks or copies a source that is already on this machine (the mirror). */
    private Path fromLocal(Dataset d, Dataset.Source s, Path local, Path work) throws IOException {
        String what = d.name() + " (mirror " + local + ")";
        Path out = work.resolve("content");
        switch (s.kind()) {
            case "tgz", "zip" -> {
                Checksums.verify(local, s.expected(), what);
                return extract(local, s.kind(), out);
            }
            case "files" -> {
                Files.createDirectories(out);
                for (Dataset.FileSpec f : s.files()) {
                    Path src = local.resolve(f.name());
                    Checksums.verify(src, f.expected(), d.name() + " (mirror " + src + ")");
                    Files.copy(src, out.resolve(f.name()));
                }
                return out;
            }
            case "dir" -> {
                Files.createDirectories(out);
                String manifest = s.manifest();
                FileTrees.copyTree(local, out, rel -> manifest == null || !rel.toString().equals(manifest));
                if (manifest != null) Manifest.verify(local.resolve(manifest), out, what);
                if (s.files() != null) {
                    for (Dataset.FileSpec f : s.files()) Checksums.verify(out.resolve(f.name()), f.expected(), what);
                }
                return out;
            }
            default -> throw new IllegalStateException("registry entry " + d.name() + ": unknown mirror kind " + s.kind());
        }
    }

    private Path fromDownload(Dataset d, Dataset.Source s, Path work) {
        Path out = work.resolve("content");
        try {
            if (s.isArchive()) {
                Path archive = work.resolve("download." + s.kind());
                Download.fetch(s.url(), archive, progress);
                Checksums.verify(archive, s.expected(), d.name() + " (downloaded from " + s.url() + ")");
                Path folder = extract(archive, s.kind(), out);
                Files.delete(archive);
                return folder;
            }
            if ("files".equals(s.kind())) {
                Files.createDirectories(out);
                for (Dataset.FileSpec f : s.files()) {
                    String url = s.url() + f.name();
                    Path target = out.resolve(f.name());
                    Download.fetch(url, target, progress);
                    Checksums.verify(target, f.expected(), d.name() + " (downloaded from " + url + ")");
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("registry entry " + d.name() + ": cannot download kind " + s.kind());
    }

    /** Extracts, then returns the archive's single top folder (fastai archives have one) or the root. */
    private Path extract(Path archive, String kind, Path out) throws IOException {
        SafeExtractor.extract(archive, kind, out, progress);
        try (Stream<Path> top = Files.list(out)) {
            List<Path> children = top.toList();
            if (children.size() == 1 && Files.isDirectory(children.get(0), LinkOption.NOFOLLOW_LINKS)) {
                return children.get(0);
            }
        }
        return out;
    }

    private Path derive(Dataset d, Path work) throws IOException {
        if (!"imdb-subset".equals(d.derive().kind())) {
            throw new IllegalStateException("registry entry " + d.name() + ": unknown derivation " + d.derive().kind());
        }
        Path source;
        try {
            source = get(registry.forName(d.derive().from()).url(), false);
        } catch (DatasetException e) {
            throw new DatasetException(d.name() + " is cut from " + d.derive().from() + ", which is unavailable: "
                    + e.getMessage(), e);
        }
        Path out = work.resolve("content");
        ImdbSubset.cut(source, out);
        return out;
    }

    private static void verifyLayout(Dataset d, Path folder) throws IOException {
        for (String f : d.layout().files()) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                throw new DatasetException(d.name() + ": the unpacked dataset has no " + f + " (layout check failed)");
            }
        }
        for (Map.Entry<String, Integer> c : d.layout().counts().entrySet()) {
            long n = FileTrees.countFiles(folder.resolve(c.getKey()));
            if (n != c.getValue()) {
                throw new DatasetException(d.name() + ": expected " + c.getValue() + " files in " + c.getKey()
                        + " but found " + n + " (layout check failed)");
            }
        }
    }

    private DatasetException unavailable(Dataset d) {
        String where = d.mirror() == null ? "it is never mirrored"
                : settings.mirror().isEmpty()
                        ? "no offline mirror is set (TEXTDIVE_MIRROR or -Dtextdive.mirror)"
                        : "the offline mirror " + settings.mirror().get() + " has no " + d.mirror().path();
        String cause = d.download() == null ? "it has no public download"
                : "downloads are off (TEXTDIVE_OFFLINE=1 or -Dtextdive.offline=true)";
        String fix = d.mirror() == null ? "" : "Point TEXTDIVE_MIRROR (or -Dtextdive.mirror) at a folder holding "
                + d.mirror().path() + (d.download() == null ? "." : ", or unset TEXTDIVE_OFFLINE to download it.");
        return new DatasetException("Dataset " + d.name() + " (" + d.url() + ") is not available: it is not in the cache "
                + settings.cacheDir().resolve(d.folder()) + ", " + where + ", and " + cause + ". " + fix);
    }
}
