package textdive.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds small (possibly malicious) archives for the tests, entry by entry, names unchecked. */
final class Archives {
    private Archives() {}

    /** A .tgz builder: {@code file("a/b.txt", "text")}, {@code dir}, {@code symlink}, {@code hardlink}. */
    static final class Tgz implements AutoCloseable {
        private final TarArchiveOutputStream tar;

        Tgz(Path path) throws IOException {
            OutputStream out = new GZIPOutputStream(Files.newOutputStream(path));
            tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tgz file(String name, String content) throws IOException {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true); // preserve the name as given (absolute, ..)
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
            return this;
        }

        Tgz dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        Tgz symlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        /** An entry of another type: {@code TarArchiveEntry.LF_CHR}, {@code LF_BLK}, {@code LF_FIFO}. */
        Tgz special(String name, byte linkFlag) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, linkFlag, true);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        /** A file of {@code size} zero bytes, streamed (a zip bomb's payload compresses about 1000:1). */
        Tgz zeros(String name, long size) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] block = new byte[1 << 16];
            for (long left = size; left > 0; left -= block.length) tar.write(block, 0, (int) Math.min(block.length, left));
            tar.closeArchiveEntry();
            return this;
        }

        /** An entry written as given, {@code size} bytes of {@code fill}: e.g. a GNU long-name ({@code 'L'}) or PAX ({@code 'x'}) header. */
        Tgz raw(String name, byte linkFlag, long size, byte fill) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, linkFlag, true);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] block = new byte[1 << 16];
            Arrays.fill(block, fill);
            for (long left = size; left > 0; left -= block.length) tar.write(block, 0, (int) Math.min(block.length, left));
            tar.closeArchiveEntry();
            return this;
        }

        Tgz hardlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    /** A .zip builder. */
    static final class Zip implements AutoCloseable {
        private final ZipArchiveOutputStream zip;

        Zip(Path path) throws IOException {
            zip = new ZipArchiveOutputStream(path);
        }

        Zip file(String name, String content) throws IOException {
            zip.putArchiveEntry(new ZipArchiveEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            return this;
        }

        /** An empty entry whose Unix mode says another type: {@code 0010644} a FIFO, {@code 0020644} a character device. */
        Zip special(String name, int unixMode) throws IOException {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setUnixMode(unixMode);
            zip.putArchiveEntry(e);
            zip.closeArchiveEntry();
            return this;
        }

        Zip symlink(String name, String target) throws IOException {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setUnixMode(0120777);
            zip.putArchiveEntry(e);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            return this;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
