package textdive.doctor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code dlopen("libcudart.so.12")} looks, in its order: the folders of {@code LD_LIBRARY_PATH}, the loader's
 * cache ({@code /etc/ld.so.cache}, made by {@code ldconfig} from {@code /etc/ld.so.conf}), then the default folders.
 * TensorFlow opens its CUDA libraries this way at run time; none of them is linked in, so a missing one does not stop
 * TensorFlow from loading, it only leaves the GPU out.
 */
final class LoaderPath {
    /** A library found, and which of the loader's sources found it. */
    record Hit(Path path, String source) {
    }

    private final List<Path> ldLibraryPath;
    private final Map<String, Path> cache;
    private final List<Path> defaults;
    private final List<Path> hints;

    LoaderPath(Host host) {
        List<Path> dirs = new ArrayList<>();
        for (String d : host.ldLibraryPath().split(":")) {
            if (!d.isBlank()) dirs.add(Path.of(d));
        }
        this.ldLibraryPath = List.copyOf(dirs);
        this.cache = host.ldCache();
        this.defaults = host.defaultLibDirs();
        this.hints = host.hintDirs();
    }

    /** The file the loader would open for this name, if any. */
    Optional<Hit> find(String fileName) {
        for (Path d : ldLibraryPath) {
            Path p = d.resolve(fileName);
            if (Files.exists(p)) return Optional.of(new Hit(p, "LD_LIBRARY_PATH"));
        }
        Path cached = cache.get(fileName);
        if (cached != null && Files.exists(cached)) return Optional.of(new Hit(cached, "ld.so.cache"));
        for (Path d : defaults) {
            Path p = d.resolve(fileName);
            if (Files.exists(p)) return Optional.of(new Hit(p, d.toString()));
        }
        return Optional.empty();
    }

    /** Copies of the library in the usual places (CUDA toolkits, pip wheels) that the loader does not search. */
    List<Path> offPath(String fileName) {
        List<Path> out = new ArrayList<>();
        for (Path d : hints) {
            Path p = d.resolve(fileName);
            if (Files.exists(p) && !ldLibraryPath.contains(d)) out.add(p);
        }
        return out;
    }

    /**
     * Other versions of a library the loader or the usual places have: for {@code libcudart.so.12}, a
     * {@code libcudart.so.13} or {@code libcudart.so.11.0} (another CUDA than TensorFlow's).
     */
    List<Path> otherVersions(String fileName) {
        String stem = fileName.substring(0, fileName.indexOf(".so.") + ".so.".length());
        Map<Path, Path> out = new LinkedHashMap<>(); // by real path: /usr/local/cuda/lib64 is often /usr/local/cuda-12.5/lib64
        for (Map.Entry<String, Path> e : cache.entrySet()) {
            if (isOtherVersion(e.getKey(), stem, fileName)) out.putIfAbsent(realPath(e.getValue()), e.getValue());
        }
        List<Path> dirs = new ArrayList<>(ldLibraryPath);
        dirs.addAll(defaults);
        dirs.addAll(hints);
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d, stem.replace(".so.", ".so.*"))) {
                for (Path p : s) {
                    if (isOtherVersion(p.getFileName().toString(), stem, fileName)) out.putIfAbsent(realPath(p), p);
                }
            } catch (IOException e) {
                // an unreadable folder has nothing to show
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** {@code libcudart.so.13} is another version of {@code libcudart.so.12}; {@code libcudart.so.12.5.82} is not. */
    private static boolean isOtherVersion(String name, String stem, String wanted) {
        if (!name.startsWith(stem) || name.equals(wanted) || name.startsWith(wanted + ".")) return false;
        return name.substring(stem.length()).matches("[0-9][0-9.]*");
    }

    String describe() {
        return "LD_LIBRARY_PATH=" + (ldLibraryPath.isEmpty() ? "(unset)" : String.join(":", ldLibraryPath.stream().map(Path::toString).toList()))
                + ", ld.so.cache (" + cache.size() + " libraries), then " + String.join(", ", defaults.stream().map(Path::toString).toList());
    }
}
