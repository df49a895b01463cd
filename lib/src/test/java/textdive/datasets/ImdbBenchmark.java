package textdive.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import textdive.io.FileTrees;

/**
 * Hand-run measurement (not a unit test): {@code untarData(URLs.IMDB)} from the offline mirror into
 * a fresh cache, the fastai layout it gives, a second (cached) call, and the IMDb subset cut from it
 * checked against the mirror's {@code imdb_subset/MANIFEST.tsv}. Prints a table.
 *
 * <pre>
 * mvn -q -pl lib test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * TEXTDIVE_MIRROR=$PWD/../shared/datasets java -cp lib/target/classes:lib/target/test-classes:$(cat /tmp/cp.txt) \
 *     textdive.datasets.ImdbBenchmark [cache-folder]
 * </pre>
 */
public final class ImdbBenchmark {
    public static void main(String[] args) throws Exception {
        Path mirror = Path.of(System.getenv("TEXTDIVE_MIRROR"));
        Path cache = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("textdive-imdb-bench");
        UntarData untar = new UntarData(new DataSettings(cache, Optional.of(mirror), true), Registry.standard(),
                TextProgress.toStderr());

        long t0 = System.nanoTime();
        Path imdb = untar.get(URLs.IMDB, true);
        double extract = seconds(t0);

        t0 = System.nanoTime();
        untar.get(URLs.IMDB, false);
        double cached = seconds(t0);

        System.out.println("| folder | files |");
        System.out.println("|---|---|");
        long reviews = 0;
        for (String dir : new String[] {"train/pos", "train/neg", "test/pos", "test/neg", "unsup"}) {
            long n = FileTrees.countFiles(imdb.resolve(dir));
            reviews += n;
            System.out.println("| " + dir + " | " + n + " |");
        }
        System.out.println("| (review files) | " + reviews + " |");
        System.out.println("| README, imdb.vocab | " + (Files.isRegularFile(imdb.resolve("README")) ? 1 : 0)
                + ", " + (Files.isRegularFile(imdb.resolve("imdb.vocab")) ? 1 : 0) + " |");

        t0 = System.nanoTime();
        Path subset = Files.createTempDirectory(cache, "subset-check");
        ImdbSubset.cut(imdb, subset);
        Manifest.verify(mirror.resolve("imdb_subset/MANIFEST.tsv"), subset, "IMDB_SUBSET cut from IMDB");
        double cut = seconds(t0);
        FileTrees.deleteRecursively(subset);

        System.out.println();
        System.out.println("| step | seconds |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| untarData(IMDB) from mirror: verify sha256 + extract 100,002 files + layout check | %.1f |%n", extract);
        System.out.printf(Locale.ROOT, "| untarData(IMDB) again (cache reuse) | %.3f |%n", cached);
        System.out.printf(Locale.ROOT, "| cut IMDB_SUBSET from it + check all 2,911 against MANIFEST.tsv | %.1f |%n", cut);
        System.out.println("cache: " + cache);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
