package textdive.datasets;

import java.nio.file.Path;
import java.util.Optional;

/** Child-process helper of {@link UntarDataCacheTest}: HUMAN_NUMBERS into the cache args[0], offline; prints the error. */
public final class UntarInto {
    public static void main(String[] args) {
        try {
            Path p = new UntarData(new DataSettings(Path.of(args[0]), Optional.empty(), true), Registry.standard(), Progress.none())
                    .get(URLs.HUMAN_NUMBERS, false);
            System.out.println("built " + p);
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private UntarInto() {}
}
