package textdive.kernel;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path snippets compile against: this JVM's own, so notebooks see the library and its
 * dependencies without magics. Manifest-only jars (Maven Surefire's launcher) are expanded.
 */
public final class Classpath {
    private Classpath() {}

    public static List<Path> current() {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) add(Paths.get(entry).toAbsolutePath().normalize(), out);
        }
        return new ArrayList<>(out);
    }

    private static void add(Path p, Set<Path> out) {
        if (!out.add(p) || !p.toString().endsWith(".jar") || !Files.isRegularFile(p)) return;
        try (JarFile jar = new JarFile(p.toFile())) {
            Manifest mf = jar.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp == null) return;
            for (String ref : cp.trim().split("\\s+")) {
                if (ref.isEmpty()) continue;
                URI uri = p.getParent().toUri().resolve(ref);
                if ("file".equals(uri.getScheme())) add(Paths.get(uri).normalize(), out);
            }
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable jar contributes only itself
        }
    }
}
