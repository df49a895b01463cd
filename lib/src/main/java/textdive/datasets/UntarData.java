package textdive.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import textdive.io.AtomicFiles;
import textdive.io.FileTrees;
import textdive.io.IoErrors;

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
 * rebuilt. A file lock keeps two processes from building the same dataset at once; work folders
 * that a killed build left behind are deleted by the next call. Downloads stop at the registry's
 * size and archives may unpack only to the registry's unpacked size (plus a margin).
 */
public final class UntarData {
    private static volatile Progress defaultProgress = TextProgress.toStderr();
    /** Caches already swept for killed builds' leftovers by this JVM. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

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

    /**
     * The dataset's folder, built if it is not complete in the cache. {@code force} builds it again,
     * but keeps the cached copy (and its marker) until the new one is complete: a failed rebuild
     * leaves the good copy usable.
     */
    public Path get(String url, boolean force) {
        Dataset d = registry.forUrl(url);
        Path cache = settings.cacheDir();
        Path dest = cache.resolve(d.folder());
        if (!force && isComplete(d)) { // the marker is written last: no lock needed to trust it
            if (SWEPT.add(cache)) cleanStalePartials(cache); // once per cache and JVM even when all is cached
            return dest;
        }
        prepareCache(cache);
        SWEPT.add(cache);
        cleanStalePartials(cache);
        try (DatasetLock lock = DatasetLock.acquire(cache, d.folder())) {
            if (!force && isComplete(d)) return dest;
            deletePartials(cache, d.folder()); // ours alone now: any partial folder of this dataset is a killed build's
            return build(d, dest, markerOf(d));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare dataset " + d.name() + " in " + cache + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * True when the dataset's folder and its marker are both in the cache, the marker names this dataset and URL, and
     * the layout's files and counted folders are there. Otherwise the copy is rebuilt, as fastai re-extracts a missing
     * folder: a marker that is corrupt or written for another dataset in the same folder (another registry, a URL
     * pinned to a newer commit) must not serve the wrong data, and a file the user deleted must not surface later as
     * a missing-file error deep inside a notebook. Only cheap checks: nothing is read but the marker.
     */
    public boolean isComplete(Dataset d) {
        Path folder = settings.cacheDir().resolve(d.folder());
        if (!Files.isRegularFile(markerOf(d)) || !Files.isDirectory(folder)) return false;
        try {
            List<String> marker = Files.readAllLines(markerOf(d), StandardCharsets.UTF_8);
            if (!marker.contains("dataset=" + d.name()) || !marker.contains("url=" + d.url())) return false;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        return d.layout().files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f)))
                && d.layout().counts().keySet().stream().allMatch(c -> Files.isDirectory(folder.resolve(c)));
    }

    private Path markerOf(Dataset d) {
        return settings.cacheDir().resolve("." + d.folder() + ".complete");
    }

    /** The cache folder exists and is a writable folder, or a message says what is wrong and which setting to change. */
    private static void prepareCache(Path cache) {
        String fix = "; set TEXTDIVE_DATA (or -Dtextdive.data) to a writable folder";
        if (Files.exists(cache) && !Files.isDirectory(cache))
            throw new DatasetException("the dataset cache " + cache + " is a file, not a folder" + fix);
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new DatasetException("cannot create the dataset cache: " + IoErrors.describe(e) + fix);
        }
        if (!Files.isWritable(cache)) throw new DatasetException("cannot write to the dataset cache: permission denied: " + cache + fix);
    }

    /**
     * Deletes the {@code .NAME.partial-*} work folders that killed builds left in the cache. A build
     * holds its {@link DatasetLock} from before it creates its work folder until after it deletes it,
     * so a partial folder whose dataset lock is free belongs to no live build. Locks held elsewhere
     * (by this thread too: a derived dataset builds its source under its own lock) are skipped.
     */
    static void cleanStalePartials(Path cache) {
        List<Path> partials;
        try (Stream<Path> s = Files.list(cache)) {
            partials = s.filter(p -> PARTIAL.matcher(p.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            return; // an unreadable cache: the build itself will say so
        }
        for (String folder : partials.stream().map(p -> datasetOfPartial(p.getFileName().toString())).distinct().toList()) {
            try (DatasetLock lock = DatasetLock.tryAcquire(cache, folder)) {
                if (lock != null) deletePartials(cache, folder);
            } catch (IOException ignored) {
                // cannot tell whether it is live: leave it
            }
        }
    }

    private static final Pattern PARTIAL = Pattern.compile("\\.(.+)\\.partial-\\d+");

    private static String datasetOfPartial(String name) {
        Matcher m = PARTIAL.matcher(name);
        if (!m.matches()) throw new IllegalArgumentException(name);
        return m.group(1);
    }

    /** Deletes every partial work folder of dataset {@code folder}; the caller holds its lock. */
    private static void deletePartials(Path cache, String folder) {
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("." + folder + ".partial-")
                    && PARTIAL.matcher(p.getFileName().toString()).matches()).toList()) {
                FileTrees.deleteRecursively(p);
            }
        } catch (IOException ignored) {
            // left for next time
        }
    }

    private Path build(Dataset d, Path dest, Path marker) throws IOException {
        Path work = Files.createTempDirectory(settings.cacheDir(), "." + d.folder() + ".partial-");
        try {
            Built built = produce(d, work);
            verifyLayout(d, built.folder());
            // the new copy is complete: only now does the old one (complete or not) step aside
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) Files.move(dest, work.resolve("previous"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(built.folder(), dest, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.writeString(marker, "dataset=" + d.name() + "\nurl=" + d.url() + "\nfrom=" + built.origin()
                    + "\ncompleted=" + Instant.now() + "\n", StandardCharsets.UTF_8);
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
        try {
            return new Built(fromDownload(d, d.download(), work), d.download().url());
        } catch (DownloadFailedException e) {
            throw downloadFailed(d, e);
        }
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
                return extract(local, s, out);
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
                Download.fetch(s.url(), archive, progress, maxBytes(s.size() != null ? s.size() : s.maxSize()));
                if (s.acceptsUnverified()) {
                    System.err.println("note: " + d.name() + " has no published size or checksum; " + s.trust());
                } else {
                    Checksums.verify(archive, s.expected(), d.name() + " (downloaded from " + s.url() + ")");
                }
                Path folder = extract(archive, s, out);
                Files.delete(archive);
                return folder;
            }
            if ("files".equals(s.kind())) {
                Files.createDirectories(out);
                for (Dataset.FileSpec f : s.files()) {
                    String url = s.url() + f.name();
                    Path target = out.resolve(f.name());
                    Download.fetch(url, target, progress, maxBytes(f.size()));
                    Checksums.verify(target, f.expected(), d.name() + " (downloaded from " + url + ")");
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("registry entry " + d.name() + ": cannot download kind " + s.kind());
    }

    /** A registered size bounds the download; an unregistered one (only in hand-made registries) does not. */
    private static long maxBytes(Long registered) {
        return registered == null ? Long.MAX_VALUE : registered;
    }

    /**
     * Extracts within the source's limits ({@link Dataset.Source#limits}), then returns the archive's
     * single top folder (fastai archives have one) or the root.
     */
    private Path extract(Path archive, Dataset.Source s, Path out) throws IOException {
        SafeExtractor.extract(archive, s.kind(), out, progress, s.limits(Files.size(archive)));
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

    /** A few lines: what failed, and the three ways to get the dataset (cache, mirror, settings), as {@link #unavailable} says. */
    private DatasetException downloadFailed(Dataset d, DownloadFailedException e) {
        String mirror = d.mirror() == null ? "" : settings.mirror().isEmpty()
                ? " or point TEXTDIVE_MIRROR (or -Dtextdive.mirror) at a folder holding " + d.mirror().path() + ";"
                : " or put " + d.mirror().path() + " into the offline mirror " + settings.mirror().get() + ";";
        return new DatasetException("Dataset " + d.name() + " could not be downloaded from " + e.url() + " (" + e.reason() + ").\n"
                + "It is not in the cache " + settings.cacheDir().resolve(d.folder())
                + (d.mirror() == null ? "" : settings.mirror().isEmpty() ? ", and no offline mirror is set"
                        : ", and the offline mirror " + settings.mirror().get() + " has no " + d.mirror().path()) + ".\n"
                + "To get it: check the network (and proxy) and run again;" + mirror
                + " TEXTDIVE_DATA (or -Dtextdive.data) chooses the cache; TEXTDIVE_OFFLINE=1 never downloads.");
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
