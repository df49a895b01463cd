package textdive.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import textdive.viz.ProgressBar;

/**
 * fastai's {@code tokenize_folder}: every {@code .txt} file under a folder (only under the given
 * top-level sub-folders, if any) through a {@link Tokenizer}, in parallel on all cores, stored on
 * disk by {@link CorpusCache} and loaded from there while the files (paths, sizes, modification
 * times) and the tokenizer's rules stay the same.
 *
 * <pre>{@code TokenizedCorpus corpus = tokenizeFolder(tkn, path, "train", "test", "unsup");}</pre>
 */
public final class TokenizeFolder {
    private TokenizeFolder() {}

    /** Tokenizes (or loads from the cache) every {@code .txt} file under {@code folder}'s {@code subfolders}. */
    public static TokenizedCorpus tokenizeFolder(Tokenizer tkz, Path folder, String... subfolders) throws IOException {
        if (folder == null) throw new IllegalArgumentException("tokenizeFolder needs a folder, got null");
        folder = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder.toString(), null, "folder to tokenize does not exist");
        for (String s : subfolders)
            if (s == null || s.isBlank()) throw new IllegalArgumentException("sub-folder to tokenize under " + folder + " must be a folder name, got " + (s == null ? "null" : "'" + s + "'"));
        List<FileEntry> entries = listTextFiles(folder, List.of(subfolders));
        if (entries.isEmpty())
            throw new IllegalArgumentException("no .txt files under " + folder + (subfolders.length > 0 ? " in " + List.of(subfolders) : ""));
        String fingerprint = fingerprint(tkz, entries, subfolders);
        TokenizedCorpus cached = CorpusCache.load(folder, subfolders, fingerprint);
        if (cached != null) return cached;
        return CorpusCache.store(tokenizeEntries(tkz, folder, entries), subfolders, fingerprint);
    }

    /** Deletes the stored tokenization of {@code folder} (next to it and in the cache directory): the next call starts cold. */
    public static void clearCache(Path folder, String... subfolders) throws IOException {
        CorpusCache.clear(folder.toAbsolutePath().normalize(), subfolders);
    }

    private record FileEntry(Path path, String rel, long size, long mtime) {}

    /**
     * Every {@code .txt} under the start folders, as fastai's {@code get_files}: the extension in any case
     * ({@code REVIEW.TXT} counts), hidden files and folders skipped, and symbolic links to folders followed
     * ({@code os.walk(followlinks=True)}), so a {@code train} that links to the data elsewhere is read. A link back to a
     * folder it is in is a cycle: its documents are already listed, so it is skipped with a warning instead of walked
     * forever. A file reached twice by the same relative path (a folder given twice, or {@code train} with
     * {@code train/pos}) is listed once. Relative paths join the path's names with '/', so a backslash in a Linux file
     * name stays part of the name.
     */
    private static List<FileEntry> listTextFiles(Path root, List<String> subfolders) throws IOException {
        TreeMap<String, FileEntry> out = new TreeMap<>();
        Set<String> loops = new LinkedHashSet<>();
        List<Path> starts = subfolders.isEmpty() ? List.of(root) : subfolders.stream().map(root::resolve).toList();
        for (Path start : starts) {
            if (!Files.isDirectory(start)) throw new NoSuchFileException(start.toString(), null, "sub-folder to tokenize does not exist");
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(start) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        loops.add(root.relativize(file).toString());
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (!name.toLowerCase(Locale.ROOT).endsWith(".txt") || name.startsWith(".")) return FileVisitResult.CONTINUE;
                    // the walk follows links (linked documents count, as in fastai's get_files), so a link arrives with its own
                    // attributes only when its target cannot be read: a broken link is named as an error, not left as a gap
                    if (attrs.isSymbolicLink()) {
                        try {
                            attrs = Files.readAttributes(file, BasicFileAttributes.class);
                        } catch (NoSuchFileException e) {
                            throw new NoSuchFileException(file.toString(), null, "broken symbolic link: its target does not exist");
                        }
                    }
                    if (attrs.isRegularFile()) {
                        StringBuilder rel = new StringBuilder();
                        for (Path part : root.relativize(file)) rel.append(rel.length() > 0 ? "/" : "").append(part);
                        out.putIfAbsent(rel.toString(), new FileEntry(file, rel.toString(), attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        if (!loops.isEmpty())
            System.err.printf("warning: %d symbolic link(s) under %s lead back to a folder they are in and were not followed again (e.g. %s)%n",
                    loops.size(), root, loops.stream().limit(5).collect(Collectors.joining(", ")));
        return new ArrayList<>(out.values());
    }

    private static String fingerprint(Tokenizer tkz, List<FileEntry> entries, String[] subfolders) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder(1 << 16);
            sb.append("v1|").append(tkz.baseTokenizer()).append('|');
            for (Rule r : tkz.rules()) sb.append(r.name()).append(',');
            sb.append('|');
            for (Rule r : tkz.postRules()) sb.append(r.name()).append(',');
            sb.append('|').append(String.join(",", subfolders)).append('\n');
            for (FileEntry e : entries) {
                sb.append(e.rel).append('\t').append(e.size).append('\t').append(e.mtime).append('\n');
                if (sb.length() > 60_000) {
                    md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long tokenizing runs before its progress shows (tests set 0). */
    static volatile long progressAfterMillis = 2000;

    private static TokenizedCorpus tokenizeEntries(Tokenizer tkz, Path root, List<FileEntry> entries) {
        int n = entries.size();
        // workers give each distinct token a provisional id as they meet it (order depends on the
        // threads), and keep documents as int arrays: compact, and nothing for the GC to trace
        ConcurrentHashMap<String, Integer> provisional = new ConcurrentHashMap<>(1 << 18);
        AtomicInteger nextId = new AtomicInteger();
        int[][] docs = new int[n][];
        int[] invalid = new int[n];
        Documents.Encoding[] encodings = new Documents.Encoding[n];
        AtomicInteger done = new AtomicInteger();
        // a bar under the cell in Jupyter, a few lines elsewhere; nothing at all for a corpus done within 2 s
        ProgressBar<Void> bar = ProgressBar.total(n, "tokenizing " + root.getFileName()).showAfter(progressAfterMillis);
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                Documents.Decoded d = Documents.decode(Documents.read(entries.get(i).path));
                invalid[i] = d.invalid();
                encodings[i] = d.encoding();
                List<String> toks = tkz.tokenize(d.text());
                int[] a = new int[toks.size()];
                for (int k = 0; k < a.length; k++) {
                    String t = toks.get(k);
                    Integer id = provisional.get(t);
                    if (id == null) id = provisional.computeIfAbsent(t, x -> nextId.getAndIncrement());
                    a[k] = id;
                }
                docs[i] = a;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + entries.get(i).path, e);
            }
            int k = done.incrementAndGet();
            if (k % 64 == 0) {
                synchronized (bar) {
                    bar.update(k);
                }
            }
        });
        bar.finish();
        String[] byProvisional = new String[nextId.get()];
        provisional.forEach((t, id) -> byProvisional[id] = t);
        // final ids in first-seen order, walking documents in corpus order: deterministic whatever the threads did
        int[] remap = new int[byProvisional.length];
        Arrays.fill(remap, -1);
        String[] types = new String[byProvisional.length];
        long[] counts = new long[byProvisional.length];
        long total = 0;
        for (int[] d : docs) total += d.length;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalStateException("corpus too large: " + total + " tokens");
        int[] ids = new int[(int) total];
        int[] offsets = new int[n + 1];
        int p = 0, nTypes = 0, badFiles = 0;
        long badSeqs = 0;
        List<String> rels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            for (int prov : docs[i]) {
                int id = remap[prov];
                if (id < 0) {
                    id = remap[prov] = nTypes++;
                    types[id] = byProvisional[prov];
                }
                counts[id]++;
                ids[p++] = id;
            }
            docs[i] = null;
            offsets[i + 1] = p;
            rels.add(entries.get(i).rel);
            if (invalid[i] > 0) {
                badFiles++;
                badSeqs += invalid[i];
            }
        }
        if (badFiles > 0) {
            System.err.printf("warning: %d file(s) under %s had invalid UTF-8; %d byte sequence(s) replaced by U+FFFD (e.g. %s)%n",
                    badFiles, root, badSeqs, examples(entries, i -> invalid[i] > 0));
        }
        warnEncoding(root, entries, encodings, Documents.Encoding.UTF16_BOM, "are UTF-16 (byte-order mark); decoded as UTF-16");
        warnEncoding(root, entries, encodings, Documents.Encoding.UTF16_GUESSED,
                "look like UTF-16 without a byte-order mark (a NUL in every other byte); decoded as UTF-16");
        warnEncoding(root, entries, encodings, Documents.Encoding.NUL_BYTES,
                "contain NUL bytes: binary files, or an encoding other than UTF-8 and UTF-16? Tokenized as UTF-8");
        return new TokenizedCorpus(root, rels, offsets, ids, types, counts, badFiles, badSeqs);
    }

    private static void warnEncoding(Path root, List<FileEntry> entries, Documents.Encoding[] encodings, Documents.Encoding which, String what) {
        long count = Arrays.stream(encodings).filter(e -> e == which).count();
        if (count > 0)
            System.err.printf("warning: %d file(s) under %s %s (e.g. %s)%n", count, root, what, examples(entries, i -> encodings[i] == which));
    }

    private static String examples(List<FileEntry> entries, IntPredicate which) {
        return IntStream.range(0, entries.size()).filter(which).limit(5).mapToObj(i -> entries.get(i).rel).collect(Collectors.joining(", "));
    }
}
