package textdive.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A tab-separated file list with a header naming at least {@code path}, {@code bytes} and
 * {@code sha256} columns (the mirror's {@code imdb_subset/MANIFEST.tsv}); every listed file must be
 * present with that size and digest.
 */
final class Manifest {
    private Manifest() {}

    static void verify(Path manifest, Path folder, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest, e);
        }
        if (lines.isEmpty()) throw new DatasetException(what + ": manifest " + manifest + " is empty");
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int path = column(header, "path", manifest), bytes = column(header, "bytes", manifest),
                sha = column(header, "sha256", manifest);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            String[] row = lines.get(i).split("\t", -1);
            if (row.length != header.size()) {
                throw new DatasetException(what + ": manifest " + manifest + " line " + (i + 1) + " has "
                        + row.length + " columns, expected " + header.size());
            }
            Path file = folder.resolve(row[path]).normalize();
            if (!file.startsWith(folder)) throw new DatasetException(what + ": manifest names a path outside: " + row[path]);
            if (!Files.isRegularFile(file)) throw new DatasetException(what + ": " + row[path] + " is listed in the manifest but missing");
            Checksums.verify(file, new Checksums.Expected(size(row[bytes], manifest, i + 1), row[sha], null), what + " " + row[path]);
        }
    }

    /** A row's {@code bytes}: a corrupt manifest is named with its line, not met as a NumberFormatException. */
    private static long size(String value, Path manifest, int line) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // named below
        }
        throw new DatasetException("manifest " + manifest + " line " + line + ": bytes must be a size, not '" + value + "'");
    }

    private static int column(List<String> header, String name, Path manifest) {
        int i = header.indexOf(name);
        if (i < 0) throw new DatasetException("manifest " + manifest + " has no '" + name + "' column");
        return i;
    }
}
