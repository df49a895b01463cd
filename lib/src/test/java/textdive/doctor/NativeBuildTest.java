package textdive.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which native build a class path holds, told from the jars' contents (JavaCPP's platform folders), not their names. */
class NativeBuildTest {
    @TempDir
    Path tmp;

    private Path jar(String name, String platformFolder) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("org/tensorflow/internal/c_api/" + platformFolder + "/libjnitensorflow.so"));
            z.write(new byte[] {0x7f, 'E', 'L', 'F'});
            z.closeEntry();
        }
        return jar;
    }

    private static NativeBuild of(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) urls[i] = jars[i].toUri().toURL();
        try (URLClassLoader cl = new URLClassLoader(urls, null)) {
            return NativeBuild.of(cl, "linux-x86_64");
        }
    }

    @Test
    void theGpuBuildIsToldByItsPlatformFolder() throws IOException {
        NativeBuild b = of(jar("renamed.jar", "linux-x86_64-gpu"));
        assertTrue(b.gpu());
        assertEquals(Optional.empty(), b.cpuJar());
        assertTrue(b.describe().startsWith("GPU build (renamed.jar)"), b.describe());
    }

    @Test
    void theCpuBuildIsNotAGpu() throws IOException {
        NativeBuild b = of(jar("tensorflow-core-native-1.1.0-linux-x86_64.jar", "linux-x86_64"));
        assertFalse(b.gpu());
        assertTrue(b.describe().startsWith("CPU build"), b.describe());
    }

    @Test
    void bothOrNeitherAreSaid() throws IOException {
        NativeBuild both = of(jar("cpu.jar", "linux-x86_64"), jar("gpu.jar", "linux-x86_64-gpu"));
        assertTrue(both.gpu() && both.describe().contains("both builds") && both.describe().contains("GPU one"), both.describe());
        NativeBuild none = of(jar("mac.jar", "macosx-arm64"));
        assertTrue(!none.gpu() && none.cpuJar().isEmpty() && none.describe().startsWith("none for linux-x86_64"), none.describe());
    }
}
