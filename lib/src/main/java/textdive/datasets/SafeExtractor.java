package textdive.datasets;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import textdive.io.FileTrees;
import textdive.io.IoErrors;

/**
 * Unpacks {@code .tgz}/{@code .tar.gz} and {@code .zip} archives without letting any entry escape
 * the destination folder. Rejected (with {@link UnsafeArchiveException}, before anything is written
 * for the entry): absolute names, {@code ..} segments, backslashes, symbolic links whose target
 * leaves the destination or climbs through another name ({@code a/..}), hard links to anything but
 * an already extracted file inside, devices and FIFOs, and duplicate entries (no overwriting).
 * macOS metadata ({@code __MACOSX/}) is skipped. A file where the archive already made a folder
 * (or the reverse) is refused with both names. Extraction stops with {@link ArchiveTooLargeException}
 * as soon as the archive would unpack to more bytes or entries than its {@link Limits} allow.
 *
 * <p>Links make the check physical, not just lexical: once an archive has created a link, every
 * later entry's parent folder is resolved with {@code toRealPath} before writing.
 *
 * <p>Nothing of a refused or broken archive stays behind: on any failure, what this extraction added
 * to the destination (and the destination itself, if it made it) is deleted before the exception leaves.
 */
public final class SafeExtractor {
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int BUFFER = 1 << 16;
    /** Longest symbolic link target read (Linux's PATH_MAX): a zip "link" is otherwise read into memory whole. */
    private static final int MAX_LINK_TARGET = 4096;
    /** Largest GNU long-name or PAX header accepted: the tar library reads these into memory whole. */
    private static final long MAX_HEADER_DATA = 1 << 20;

    /** At most {@code maxBytes} bytes written and {@code maxEntries} entries read; {@code why} says where the numbers come from. */
    public record Limits(long maxBytes, long maxEntries, String why) {
        /** Without a stated unpacked size, an archive may unpack to this many times its own size. */
        public static final int DEFAULT_RATIO = 20;

        /** No limit (for archives that are trusted and already checked). */
        public static Limits none() {
            return new Limits(Long.MAX_VALUE, Long.MAX_VALUE, "no limit");
        }
    }

    private final Path dest;
    private final Path realDest;
    private final Limits limits;
    private final String archiveName;
    private long bytesWritten;
    private long entries;
    private final Set<Path> knownDirs = new HashSet<>();
    private final byte[] buffer = new byte[BUFFER];
    private boolean linksCreated;
    private long files;

    private SafeExtractor(Path dest, Limits limits, String archiveName) throws IOException {
        this.limits = limits;
        this.archiveName = archiveName;
        Files.createDirectories(dest);
        this.dest = dest.toAbsolutePath().normalize();
        this.realDest = dest.toRealPath();
        knownDirs.add(this.dest);
    }

    /**
     * Extracts {@code archive} ({@code kind} = {@code tgz} or {@code zip}) into {@code dest}, which
     * is created if needed and should be empty, within {@code limits}. Returns the number of regular
     * files written.
     */
    public static long extract(Path archive, String kind, Path dest, Progress progress, Limits limits) {
        Set<Path> before = entriesOf(dest);
        try {
            SafeExtractor x = new SafeExtractor(dest, limits, archive.getFileName().toString());
            switch (kind) {
                case "tgz", "tar.gz" -> x.extractTarGz(archive, progress);
                case "zip" -> x.extractZip(archive, progress);
                default -> throw new IllegalArgumentException("unknown archive kind '" + kind + "' (tgz or zip)");
            }
            return x.files;
        } catch (IOException e) {
            UncheckedIOException u = new UncheckedIOException("cannot extract " + archive + " into " + dest + ": " + IoErrors.describe(e), e);
            discardPartial(dest, before, u);
            throw u;
        } catch (UnsafeArchiveException e) { // the entry's message, with the archive it is in
            UnsafeArchiveException named = new UnsafeArchiveException("cannot extract " + archive + ": " + e.getMessage());
            discardPartial(dest, before, named);
            throw named;
        } catch (RuntimeException e) {
            discardPartial(dest, before, e);
            throw e;
        }
    }

    /** The entries already in {@code dest}, or null if it does not exist yet. */
    private static Set<Path> entriesOf(Path dest) {
        if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) return null;
        try (var s = Files.list(dest)) {
            return new HashSet<>(s.toList());
        } catch (IOException e) {
            return null; // unreadable: creating it will fail and say why; there is nothing of ours to delete
        }
    }

    /** Deletes what a failed extraction added under {@code dest} (all of it, if it made {@code dest}); links are not followed. */
    private static void discardPartial(Path dest, Set<Path> before, RuntimeException failure) {
        try {
            if (before == null) {
                FileTrees.deleteRecursively(dest);
                return;
            }
            if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) return;
            try (var s = Files.list(dest)) {
                for (Path p : s.filter(p -> !before.contains(p)).toList()) FileTrees.deleteRecursively(p);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void extractTarGz(Path archive, Progress progress) throws IOException {
        progress.start("Extracting " + archive.getFileName(), Files.size(archive), "bytes");
        try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new BoundedHeaderTarInputStream(
                     new BufferedInputStream(new GZIPInputStream(counted, BUFFER), BUFFER))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName();
                countEntry(name);
                if (isMacMetadata(name)) continue;
                Path target = resolveEntry(name);
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new UnsafeArchiveException("archive entry '" + name + "' is a " + (e.isFIFO() ? "FIFO" : "device")
                            + " (devices and FIFOs are not extracted)");
                } else if (e.isDirectory()) {
                    makeDirs(target, name);
                } else if (e.isSymbolicLink()) {
                    symlink(name, target, e.getLinkName());
                } else if (e.isLink()) {
                    hardLink(name, target, e.getLinkName());
                } else if (e.isFile()) {
                    write(name, target, tar);
                } else {
                    throw new UnsafeArchiveException("archive entry '" + name + "' is not a file, folder or link"
                            + " (devices and FIFOs are not extracted)");
                }
                progress.update(counted.count);
            }
        } finally {
            progress.finish();
        }
    }

    private void extractZip(Path archive, Progress progress) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            progress.start("Extracting " + archive.getFileName(), entries.size(), "entries");
            long done = 0;
            try {
                for (ZipArchiveEntry e : entries) {
                    done++;
                    String name = e.getName();
                    countEntry(name);
                    if (isMacMetadata(name)) continue;
                    Path target = resolveEntry(name);
                    int type = e.getUnixMode() & 0170000; // 0 when the archive was not made on Unix
                    if (type == 0010000 || type == 0020000 || type == 0060000 || type == 0140000) {
                        throw new UnsafeArchiveException("archive entry '" + name + "' is a " + (type == 0010000 ? "FIFO" : type == 0140000 ? "socket" : "device")
                                + " (devices and FIFOs are not extracted)");
                    } else if (e.isDirectory()) {
                        makeDirs(target, name);
                    } else if (e.isUnixSymlink()) {
                        symlink(name, target, linkTarget(zip, e));
                    } else {
                        try (InputStream in = zip.getInputStream(e)) {
                            write(name, target, in);
                        }
                    }
                    progress.update(done);
                }
            } finally {
                progress.finish();
            }
        }
    }

    /** A zip symbolic link's target (the entry's content), refused when longer than any path can be. */
    private static String linkTarget(ZipFile zip, ZipArchiveEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(MAX_LINK_TARGET + 1);
            if (b.length > MAX_LINK_TARGET) {
                throw new UnsafeArchiveException("symbolic link '" + e.getName() + "' has a target longer than " + MAX_LINK_TARGET + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * A tar reader that refuses a GNU long name or PAX header larger than {@link #MAX_HEADER_DATA}: the
     * library reads those whole into memory, so a small compressed archive could claim gigabytes.
     */
    private static final class BoundedHeaderTarInputStream extends TarArchiveInputStream {
        BoundedHeaderTarInputStream(InputStream in) {
            super(in);
        }

        @Override
        protected byte[] readRecord() throws IOException {
            byte[] r = super.readRecord();
            if (r == null || r.length < 512) return r;
            byte type = r[156];
            if (type == 'L' || type == 'K' || type == 'x' || type == 'X' || type == 'g') {
                long size;
                try {
                    size = TarUtils.parseOctalOrBinary(r, 124, 12);
                } catch (IllegalArgumentException e) {
                    return r; // not a valid header: the library says so
                }
                if (size > MAX_HEADER_DATA) {
                    throw new UnsafeArchiveException("archive has a " + (type == 'L' || type == 'K' ? "long-name" : "PAX") + " header of "
                            + size + " bytes (at most " + MAX_HEADER_DATA + " are read)");
                }
            }
            return r;
        }
    }

    private static boolean isMacMetadata(String name) {
        return name.equals("__MACOSX") || name.startsWith("__MACOSX/") || name.startsWith("./__MACOSX/");
    }

    /** The path an entry name denotes, or an exception if it is absolute or climbs out. */
    private Path resolveEntry(String name) {
        List<String> parts = segments(name, "archive entry");
        Path target = parts.isEmpty() ? dest : dest.resolve(String.join("/", parts)).normalize();
        if (!target.startsWith(dest)) {
            throw new UnsafeArchiveException("archive entry '" + name + "' would be written outside " + dest);
        }
        return target;
    }

    private static List<String> segments(String name, String what) {
        if (name.isEmpty()) throw new UnsafeArchiveException(what + " has an empty name");
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new UnsafeArchiveException(what + " '" + name + "' contains a NUL or backslash");
        }
        if (name.startsWith("/") || WINDOWS_DRIVE.matcher(name).matches()) {
            throw new UnsafeArchiveException(what + " '" + name + "' is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) throw new UnsafeArchiveException(what + " '" + name + "' contains '..'");
            parts.add(s);
        }
        return parts;
    }

    private void countEntry(String name) {
        if (++entries > limits.maxEntries()) {
            throw new ArchiveTooLargeException(archiveName + " has more than " + limits.maxEntries() + " entries (" + limits.why()
                    + "); stopped at '" + name + "'. If the archive is right, the registry's unpacked size is wrong");
        }
    }

    /** Creates {@code dir} (for entry {@code name}); a file already where a folder must go is named, not a bare path. */
    private void makeDirs(Path dir, String name) throws IOException {
        if (knownDirs.contains(dir)) return;
        checkPhysicallyInside(dir.getParent(), dir.toString());
        for (Path p = dir; p != null && p.startsWith(dest) && !p.equals(dest); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p)) {
                throw new UnsafeArchiveException("archive entry '" + name + "' needs '" + dest.relativize(p)
                        + "' to be a folder, but the archive made it a file (or link) before");
            }
        }
        Files.createDirectories(dir);
        knownDirs.add(dir);
    }

    private void write(String name, Path target, InputStream in) throws IOException {
        if (target.equals(dest)) throw new UnsafeArchiveException("archive entry '" + name + "' names the destination itself");
        makeDirs(target.getParent(), name);
        checkPhysicallyInside(target.getParent(), name);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException("archive entry '" + name + "' is a file, but the archive made '" + dest.relativize(target)
                    + "' a folder before");
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytesWritten += n;
                if (bytesWritten > limits.maxBytes()) {
                    throw new ArchiveTooLargeException(archiveName + " unpacks to more than " + limits.maxBytes() + " bytes (" + limits.why()
                            + "); stopped in '" + name + "'. If the archive is right, the registry's unpacked size is wrong");
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("archive entry '" + name + "' occurs twice (or would overwrite a link)");
        }
        files++;
    }

    /**
     * A symbolic link is made only if its target is relative, stays inside after resolving against
     * the link's real folder, and has no {@code ..} after a name (a name may itself be a link, so
     * {@code name/..} is not where it looks).
     */
    private void symlink(String name, Path target, String linkTarget) throws IOException {
        if (linkTarget == null || linkTarget.isEmpty()) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' has no target");
        }
        if (linkTarget.startsWith("/") || WINDOWS_DRIVE.matcher(linkTarget).matches()) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' points to the absolute path '" + linkTarget
                    + "' outside the destination");
        }
        if (linkTarget.indexOf('\0') >= 0 || linkTarget.indexOf('\\') >= 0) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' has a NUL or backslash in its target");
        }
        boolean seenName = false;
        for (String s : linkTarget.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..") && seenName) {
                throw new UnsafeArchiveException("symbolic link '" + name + "' -> '" + linkTarget
                        + "' climbs back through a name; not extracted");
            }
            if (!s.equals("..")) seenName = true;
        }
        makeDirs(target.getParent(), name);
        Path realParent = target.getParent().toRealPath();
        Path resolved = realParent.resolve(linkTarget).normalize();
        if (!resolved.startsWith(realDest)) {
            throw new UnsafeArchiveException("symbolic link '" + name + "' -> '" + linkTarget + "' points outside " + dest);
        }
        try {
            Files.createSymbolicLink(target, Path.of(linkTarget));
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("archive entry '" + name + "' occurs twice");
        }
        linksCreated = true;
    }

    /** A hard link must name a regular file already extracted from this archive. */
    private void hardLink(String name, Path target, String linkName) throws IOException {
        Path existing = resolveEntry(segmentsCheckedName(linkName, name));
        if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException("hard link '" + name + "' -> '" + linkName
                    + "' does not name a file extracted before it");
        }
        checkPhysicallyInside(existing.getParent(), linkName);
        makeDirs(target.getParent(), name);
        checkPhysicallyInside(target.getParent(), name);
        try {
            Files.createLink(target, existing);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeArchiveException("archive entry '" + name + "' occurs twice");
        } catch (UnsupportedOperationException | IOException e) {
            bytesWritten += Files.size(existing);
            if (bytesWritten > limits.maxBytes())
                throw new ArchiveTooLargeException(archiveName + " unpacks to more than " + limits.maxBytes() + " bytes (" + limits.why() + ")");
            Files.copy(existing, target);
        }
        files++;
    }

    private static String segmentsCheckedName(String linkName, String name) {
        if (linkName == null || linkName.isEmpty()) {
            throw new UnsafeArchiveException("hard link '" + name + "' has no target");
        }
        try {
            segments(linkName, "hard link target");
        } catch (UnsafeArchiveException e) {
            throw new UnsafeArchiveException("hard link '" + name + "' -> '" + linkName + "' points outside the destination");
        }
        return linkName;
    }

    /** After a link exists, lexical checks are not enough: resolve the folder on disk. */
    private void checkPhysicallyInside(Path dir, String name) throws IOException {
        if (!linksCreated || dir == null) return;
        Path existing = dir;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        Path real;
        try {
            real = existing == null ? null : existing.toRealPath();
        } catch (IOException e) { // a dangling link on the way
            throw new UnsafeArchiveException("archive entry '" + name + "' would be written through a broken link");
        }
        if (real == null || !real.startsWith(realDest)) {
            throw new UnsafeArchiveException("archive entry '" + name + "' would be written through a link outside " + dest);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += k;
            return k;
        }
    }
}
