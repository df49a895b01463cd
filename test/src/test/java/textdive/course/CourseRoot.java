package textdive.course;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository root: system property {@code textdive.root} (set by the build), else found upwards. */
final class CourseRoot {
    private CourseRoot() {}

    static Path get() {
        String prop = System.getProperty("textdive.root");
        if (prop != null && !prop.isBlank()) return Paths.get(prop).toAbsolutePath().normalize();
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("notebooks"))) return p;
        }
        throw new IllegalStateException("cannot find the textdive repository root; set -Dtextdive.root=DIR");
    }
}
