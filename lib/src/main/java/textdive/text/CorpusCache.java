package textdive.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import textdive.config.Settings;
import textdive.io.AtomicFiles;
import textdive.io.CorruptFileException;
import textdive.io.IoErrors;
import textdive.io.SectionFile;

/**
 * Where and how {@link TokenizeFolder} stores a {@link TokenizedCorpus}: beside the source as
 * fastai does ({@code <folder>_tok/corpus-<subfolders>.bin}), or under {@link Settings#tokenCache()}
 * when the source is read-only or lies in the dataset mirror. The file is a {@link SectionFile} of
 * kind {@value #KIND}, version {@value #VERSION}, sections:
 * <ul>
 *   <li>{@code meta}: the source fingerprint, the invalid-UTF-8 counts, and the sizes of the others;</li>
 *   <li>{@code types}: each distinct token and its count, in first-seen order;</li>
 *   <li>{@code files}: each document's path and where its tokens end;</li>
 *   <li>{@code ids}: every token as an index into {@code types}, little-endian int32.</li>
 * </ul>
 * A cache that is truncated, corrupt or from another format is never used: it is tokenized again
 * with a one-line warning and rewritten. A cache that cannot be written anywhere leaves the corpus
 * in memory with a one-line warning.
 */
final class CorpusCache {
    static final String KIND = "textdive-tokenized-corpus";
    static final int VERSION = 2;

    private CorpusCache() {}

    /** The stored corpus of these sources, or null (none, stale, or unusable: then tokenize again). */
    static TokenizedCorpus load(Path folder, String[] subfolders, String fingerprint) {
        for (Path file : candidates(folder, subfolders)) {
            if (!Files.isRegularFile(file)) continue;
            AtomicFiles.cleanStale(file);
            try {
                TokenizedCorpus c = read(folder, file, fingerprint);
                if (c != null) {
                    c.setCache(file, true);
                    return c;
                }
            } catch (CorruptFileException e) {
                System.err.println("warning: tokenizing again, the cached corpus is unusable: " + e.getMessage());
            } catch (IOException e) {
                System.err.println("warning: tokenizing again, cannot read the cached corpus " + file + ": " + IoErrors.describe(e));
            }
        }
        return null;
    }

    /** Stores {@code corpus} in the first place that takes it; if none does, warns and keeps it in memory only. */
    static TokenizedCorpus store(TokenizedCorpus corpus, String[] subfolders, String fingerprint) {
        List<String> failures = new ArrayList<>();
        for (Path file : candidates(corpus.root(), subfolders)) {
            try {
                write(file, corpus, fingerprint);
                corpus.setCache(file, false);
                return corpus;
            } catch (IOException e) { // read-only next to the source: try the cache directory
                failures.add(IoErrors.describe(e));
            }
        }
        System.err.println("warning: the tokenized corpus of " + corpus.root() + " is kept in memory only, it could not be stored ("
                + String.join("; ", failures) + "); set TEXTDIVE_CACHE to a writable folder to keep it");
        return corpus;
    }

    /** Deletes the stored tokenization of {@code folder} wherever it may be. */
    static void clear(Path folder, String[] subfolders) throws IOException {
        Files.deleteIfExists(besideSource(folder, subfolders));
        for (Path p : candidates(folder, subfolders)) Files.deleteIfExists(p);
    }

    /**
     * Next to the source first (fastai's {@code <name>_tok}), then the user cache directory. A source
     * that is not writable, or lies inside the shared dataset mirror (read-only by convention), only
     * gets the cache directory.
     */
    static List<Path> candidates(Path folder, String[] subfolders) {
        Path parent = folder.getParent();
        String key = Integer.toHexString(folder.toString().hashCode());
        Path inCache = Settings.tokenCache().resolve("tok").resolve(folder.getFileName() + "-" + key).resolve(fileName(subfolders));
        boolean readOnly = parent == null || !Files.isWritable(parent) || insideMirror(folder);
        return readOnly ? List.of(inCache) : List.of(besideSource(folder, subfolders), inCache);
    }

    private static Path besideSource(Path folder, String[] subfolders) {
        return folder.resolveSibling(folder.getFileName() + "_tok").resolve(fileName(subfolders));
    }

    private static String fileName(String[] subfolders) {
        return "corpus" + (subfolders.length > 0 ? "-" + String.join("-", subfolders) : "") + ".bin";
    }

    private static boolean insideMirror(Path folder) {
        Optional<Path> mirror = Settings.mirror();
        if (mirror.isEmpty()) return false;
        try {
            return folder.toRealPath().startsWith(mirror.get().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    static void write(Path file, TokenizedCorpus c, String fingerprint) throws IOException {
        String[] types = c.types();
        long[] counts = c.counts();
        int[] offsets = c.offsets();
        List<String> files = c.files();
        SectionFile.write(file, KIND, VERSION, w -> w
                .section("meta", out -> {
                    SectionFile.writeString(out, fingerprint);
                    out.writeInt(c.invalidUtf8Files());
                    out.writeLong(c.invalidUtf8Sequences());
                    out.writeInt(types.length);
                    out.writeInt(files.size());
                    out.writeInt(c.typeIds().length);
                })
                .section("types", out -> {
                    for (int i = 0; i < types.length; i++) {
                        SectionFile.writeString(out, types[i]);
                        out.writeLong(counts[i]);
                    }
                })
                .section("files", out -> {
                    for (int i = 0; i < files.size(); i++) {
                        SectionFile.writeString(out, files.get(i));
                        out.writeInt(offsets[i + 1]);
                    }
                })
                .section("ids", out -> SectionFile.writeIntsLE(out, c.typeIds())));
    }

    /** The corpus in {@code file}, or null when it was made from other sources; a damaged file throws. */
    static TokenizedCorpus read(Path root, Path file, String fingerprint) throws IOException {
        SectionFile.Reader r;
        try {
            r = SectionFile.open(file, KIND);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (r.version() != VERSION) throw new CorruptFileException(file, "format version " + r.version() + ", this textdive reads " + VERSION);
        SectionFile.Input meta = r.section("meta");
        if (!meta.readString().equals(fingerprint)) return null;
        int badFiles = meta.readInt();
        long badSeqs = meta.readLong();
        int nTypes = meta.readInt(), nFiles = meta.readInt(), nIds = meta.readInt();
        meta.expectEnd();

        SectionFile.Input in = r.section("types");
        if (nTypes < 0 || (long) nTypes * 12 > in.remaining()) throw in.fail(nTypes + " types cannot fit");
        String[] types = new String[nTypes];
        long[] counts = new long[nTypes];
        for (int i = 0; i < nTypes; i++) {
            types[i] = in.readString();
            counts[i] = in.readLong();
        }
        in.expectEnd();

        in = r.section("files");
        if (nFiles < 0 || (long) nFiles * 8 > in.remaining()) throw in.fail(nFiles + " files cannot fit");
        String[] files = new String[nFiles];
        int[] offsets = new int[nFiles + 1];
        for (int i = 0; i < nFiles; i++) {
            files[i] = in.readString();
            offsets[i + 1] = in.readInt();
            if (offsets[i + 1] < offsets[i] || offsets[i + 1] > nIds) throw in.fail("document " + i + " ends at token " + offsets[i + 1]);
        }
        in.expectEnd();
        if (offsets[nFiles] != nIds) throw in.fail("the documents hold " + offsets[nFiles] + " tokens, not " + nIds);

        in = r.section("ids");
        if (nIds < 0 || (long) nIds * 4 != in.remaining()) throw in.fail(nIds + " ids in " + in.remaining() + " bytes");
        int[] ids = new int[nIds];
        in.readIntsLE(ids);
        for (int i = 0; i < nIds; i++) {
            if (ids[i] < 0 || ids[i] >= nTypes) throw in.fail("token " + i + " has id " + ids[i] + ", outside [0, " + nTypes + ")");
        }
        return new TokenizedCorpus(root, List.of(files), offsets, ids, types, counts, badFiles, badSeqs);
    }
}
