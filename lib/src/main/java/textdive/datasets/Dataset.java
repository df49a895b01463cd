package textdive.datasets;

import java.util.List;
import java.util.Map;

/**
 * One entry of the dataset registry ({@code datasets/registry.json}): where a dataset comes from,
 * how to check it and what folder it unpacks to. Field names match the JSON.
 *
 * @param name        the {@link URLs} constant's name, e.g. {@code HUMAN_NUMBERS}
 * @param folder      the folder under the cache that {@link UntarData#untarData(String)} returns
 * @param url         the key {@link URLs} uses; the public download's URL where there is one
 * @param download    how to fetch it over HTTP(S); null when it can only be derived or mirrored
 * @param mirror      where it lies in an offline mirror; null when never mirrored
 * @param derive      how to cut it from another dataset when neither mirror nor download applies
 * @param layout      what must be there after unpacking (checked before the folder goes live)
 */
public record Dataset(
        String name,
        String folder,
        String url,
        String description,
        String licence,
        String citation,
        String card,
        Source download,
        Source mirror,
        Derivation derive,
        Layout layout) {

    /**
     * A place to get the bytes from. {@code kind} is {@code tgz}, {@code zip}, {@code files} (the
     * listed files, fetched as {@code url + name} or read from {@code path/name}) or {@code dir} (a
     * mirrored folder, checked against its manifest).
     */
    public record Source(
            String kind,
            String url,
            String path,
            Long size,
            String sha256,
            String md5,
            List<FileSpec> files,
            String manifest,
            Unpacked unpacked,
            Long maxSize,
            String trust,
            String note) {

        boolean isArchive() {
            return "tgz".equals(kind) || "zip".equals(kind);
        }

        /**
         * How much an archive may unpack to: the stated size and entry count plus a margin (10 % and
         * 1 MiB, 10 % and 100 entries); without them, {@value SafeExtractor.Limits#DEFAULT_RATIO} times
         * the archive's size and one entry per 100 bytes of it (at least 10,000).
         */
        SafeExtractor.Limits limits(long archiveBytes) {
            long bytes = unpacked != null && unpacked.bytes() != null ? unpacked.bytes() + unpacked.bytes() / 10 + (1 << 20)
                    : SafeExtractor.Limits.DEFAULT_RATIO * archiveBytes + (1 << 20);
            long entries = unpacked != null && unpacked.entries() != null ? unpacked.entries() + unpacked.entries() / 10 + 100
                    : Math.max(10_000, archiveBytes / 100);
            String why = unpacked != null && unpacked.bytes() != null
                    ? "the registry states " + unpacked.bytes() + " bytes in " + (unpacked.entries() == null ? "?" : unpacked.entries()) + " entries, plus a margin"
                    : "the registry states no unpacked size, so " + SafeExtractor.Limits.DEFAULT_RATIO + " times the archive's size";
            return new SafeExtractor.Limits(bytes, entries, why);
        }

        /**
         * Whether the registry explains why this source has no size or checksum to verify ({@code trust}: how it is
         * checked instead). Only then is an unverified download accepted.
         */
        boolean acceptsUnverified() {
            return expected().isEmpty() && trust != null && !trust.isBlank();
        }

        /** The checksums that this source states for its single file (archives). */
        Checksums.Expected expected() {
            return new Checksums.Expected(size, sha256, md5);
        }
    }

    /** What an archive holds once unpacked: the sum of its files' sizes and its number of entries (as {@code tar -tv} lists them). */
    public record Unpacked(Long bytes, Long entries) {}

    /** One file of a {@code files} source. */
    public record FileSpec(String name, Long size, String sha256) {
        Checksums.Expected expected() {
            return new Checksums.Expected(size, sha256, null);
        }
    }

    /** A dataset made from another registered one (e.g. the IMDb subset from IMDB). */
    public record Derivation(String kind, String from, String note) {}

    /**
     * What an unpacked dataset must contain: these files, and this many regular files in each of
     * these folders (relative to the dataset folder).
     */
    public record Layout(List<String> files, Map<String, Integer> counts) {
        public List<String> files() {
            return files == null ? List.of() : files;
        }

        public Map<String, Integer> counts() {
            return counts == null ? Map.of() : counts;
        }
    }
}
