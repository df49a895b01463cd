package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.io.FileTrees;

/**
 * Issue 12, item 4: the installed kernel does not depend on the clone it was installed from, and
 * issue 11, item 3: a kernel started on another JDK than it was installed with says so.
 */
class KernelInstallTest {
    @TempDir
    Path dir;

    /** A stand-in for a clone: its build output and the jars it uses, as the class path of the install. */
    private List<Path> fakeClone(Path clone) throws IOException {
        List<Path> entries = new ArrayList<>();
        int i = 0;
        for (Path p : Classpath.current()) {
            Path copy = clone.resolve("target").resolve((i++) + "-" + p.getFileName());
            Files.createDirectories(copy.getParent());
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        Path t = copy.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(t);
                        else Files.copy(f, t);
                    }
                }
            } else if (Files.isRegularFile(p)) {
                try {
                    Files.createLink(copy, p);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(p, copy);
                }
            } else {
                continue;
            }
            entries.add(copy);
        }
        return entries;
    }

    @Test
    void theInstalledKernelStillStartsAfterTheCloneIsMovedAndCleaned() throws Exception {
        assumeTrue(RealKernel.available(), "skipped: " + RealKernel.PYTHON + " with jupyter_client is not installed");
        Path clone = dir.resolve("clone");
        List<Path> classpath = fakeClone(clone);
        Path data = dir.resolve("jupyter");
        Path spec = KernelInstaller.install(data, classpath, null);
        String kernelJson = Files.readString(spec.resolve("kernel.json"));
        assertFalse(kernelJson.contains(clone.toString()), "kernel.json points into the clone: " + kernelJson);

        Path moved = dir.resolve("moved");
        Files.move(clone, moved, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.deleteRecursively(moved.resolve("target")); // mvn clean
        RealKernel.Run run = RealKernel.script(data, "smoke.py");
        assertEquals("ok", run.result().get("status").getAsString(), run.log());
        assertEquals("[[\"execute_result\",{\"execution_count\":1,\"data\":{\"text/plain\":\"Scale 42\"},\"metadata\":{}}]]",
                run.result().getAsJsonArray("outputs").toString());
    }

    @Test
    void reinstallingReplacesTheClassPathAndLeavesNoStagingFolders() throws IOException {
        Path jar1 = Files.writeString(dir.resolve("a.jar"), "first");
        Path classes = Files.createDirectories(dir.resolve("classes/p"));
        Files.writeString(classes.resolve("C.class"), "c");
        Path spec = KernelInstaller.install(dir.resolve("data"), List.of(jar1, classes.getParent()), "/mirror");
        assertEquals("first", Files.readString(spec.resolve("lib/a.jar")));
        assertEquals("c", Files.readString(spec.resolve("lib/classes/p/C.class")));
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals(spec.resolve("lib/a.jar") + ":" + spec.resolve("lib/classes"),
                json.getAsJsonArray("argv").get(json.getAsJsonArray("argv").size() - 3).getAsString());
        assertEquals("/mirror", json.getAsJsonObject("env").get("TEXTDIVE_MIRROR").getAsString());

        Path jar2 = Files.writeString(dir.resolve("b.jar"), "second");
        KernelInstaller.install(dir.resolve("data"), List.of(jar2), null);
        try (Stream<Path> s = Files.list(spec)) {
            assertEquals(List.of("kernel.json", "lib"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(spec.resolve("lib"))) {
            assertEquals(List.of("b.jar"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMissingClassPathEntrySaysToBuildFirst() {
        IOException e = Assertions.assertThrows(IOException.class,
                () -> KernelInstaller.install(dir.resolve("data"), List.of(dir.resolve("gone.jar")), null));
        assertTrue(e.getMessage().contains("does not exist (build first"), e.getMessage());
    }

    @Test
    void aKernelOnAnotherJdkThanItWasInstalledWithSaysSoInOneLine() {
        String was = System.getProperty(KernelInstaller.INSTALLED_JAVA);
        try {
            System.setProperty(KernelInstaller.INSTALLED_JAVA, Runtime.version().toString());
            assertNull(KernelInstaller.javaMismatch());
            System.setProperty(KernelInstaller.INSTALLED_JAVA, "11.0.2");
            System.setProperty(KernelInstaller.INSTALLED_JAVA_HOME, "/opt/jdk-11");
            String line = KernelInstaller.javaMismatch();
            assertTrue(line != null && !line.contains("\n"), line);
            assertTrue(line.startsWith("this kernel was installed with Java 11.0.2 (/opt/jdk-11) but runs on Java " + Runtime.version()), line);
            assertTrue(line.endsWith("run ./textdive install-kernel in the textdive clone with the JDK you want"), line);
        } finally {
            if (was == null) System.clearProperty(KernelInstaller.INSTALLED_JAVA);
            else System.setProperty(KernelInstaller.INSTALLED_JAVA, was);
            System.clearProperty(KernelInstaller.INSTALLED_JAVA_HOME);
        }
    }
}
