package textdive.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IMDb subset ({@link URLs#IMDB_SUBSET}) cut from the full IMDb folder by its fixed rule:
 * review ids divisible by 25 in {@code train/{pos,neg}} and {@code test/{pos,neg}} (500 each), ids
 * divisible by 55 in {@code unsup} (910), plus {@code test/neg/11779_4.txt} (fastbook's example
 * review), {@code README} and {@code imdb.vocab}. Review files are named {@code <id>_<rating>.txt}.
 */
public final class ImdbSubset {
    static final int LABELLED_EVERY = 25;
    static final int UNSUP_EVERY = 55;
    static final String BOOK_EXAMPLE = "test/neg/11779_4.txt";
    private static final List<String> LABELLED = List.of("train/pos", "train/neg", "test/pos", "test/neg");

    private ImdbSubset() {}

    /** Copies the subset of the IMDb folder {@code imdb} into {@code out} (created). */
    public static void cut(Path imdb, Path out) {
        try {
            for (String dir : LABELLED) copyEvery(imdb, out, dir, LABELLED_EVERY);
            copyEvery(imdb, out, "unsup", UNSUP_EVERY);
            copy(imdb, out, BOOK_EXAMPLE);
            copy(imdb, out, "README");
            copy(imdb, out, "imdb.vocab");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut the IMDb subset from " + imdb, e);
        }
    }

    /** The review id of a file named {@code <id>_<rating>.txt}. */
    static int reviewId(String fileName) {
        int underscore = fileName.indexOf('_');
        if (underscore <= 0 || !fileName.endsWith(".txt")) {
            throw new IllegalArgumentException("not an IMDb review file name (<id>_<rating>.txt): " + fileName);
        }
        return Integer.parseInt(fileName.substring(0, underscore));
    }

    private static void copyEvery(Path imdb, Path out, String dir, int every) throws IOException {
        Path target = Files.createDirectories(out.resolve(dir));
        try (Stream<Path> files = Files.list(imdb.resolve(dir))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (reviewId(f.getFileName().toString()) % every == 0) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
    }

    private static void copy(Path imdb, Path out, String rel) throws IOException {
        Path target = out.resolve(rel);
        Files.createDirectories(target.getParent());
        if (!Files.exists(target)) Files.copy(imdb.resolve(rel), target);
    }
}
