package textdive.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;

/**
 * Which of TensorFlow Java's native builds is on the class path. Both are jars of
 * {@code org.tensorflow:tensorflow-core-native:1.1.0}: the classifier {@code linux-x86_64} holds the CPU build under
 * {@code org/tensorflow/internal/c_api/linux-x86_64/}, {@code linux-x86_64-gpu} the CUDA build under
 * {@code .../linux-x86_64-gpu/}. JavaCPP loads the one for its platform, the GPU one first when both are there.
 *
 * @param platform JavaCPP's platform ({@code linux-x86_64})
 * @param cpuJar   where the CPU build is, if it is on the class path
 * @param gpuJar   where the GPU build is, if it is on the class path
 */
record NativeBuild(String platform, Optional<String> cpuJar, Optional<String> gpuJar) {
    private static final String C_API = "org/tensorflow/internal/c_api/";
    private static final String JNI = "libjnitensorflow.so";

    /** What the class loader of this class sees. */
    static NativeBuild onClassPath() {
        return of(NativeBuild.class.getClassLoader(), Loader.getPlatform());
    }

    static NativeBuild of(ClassLoader loader, String platform) {
        return new NativeBuild(platform, where(loader, C_API + platform + "/" + JNI), where(loader, C_API + platform + "-gpu/" + JNI));
    }

    boolean gpu() {
        return gpuJar.isPresent();
    }

    /** "CPU build (tensorflow-core-native-1.1.0-linux-x86_64.jar)", or what is wrong. */
    String describe() {
        if (gpuJar.isPresent() && cpuJar.isPresent()) {
            return "both builds are on the class path (" + cpuJar.get() + ", " + gpuJar.get() + "); JavaCPP takes the GPU one";
        }
        if (gpuJar.isPresent()) return "GPU build (" + gpuJar.get() + ")";
        if (cpuJar.isPresent()) return "CPU build (" + cpuJar.get() + ")";
        return "none for " + platform + " on the class path (tensorflow-core-native:1.1.0:" + platform + " or :" + platform + "-gpu)";
    }

    /** The native library JavaCPP loaded for TensorFlow (after TensorFlow is loaded), or empty. */
    static Optional<String> loadedFrom() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("jnitensorflow")) return Optional.ofNullable(e.getValue());
        }
        return Optional.empty();
    }

    /** The version of a Maven artifact on the class path, from its {@code pom.properties}. */
    static Optional<String> mavenVersion(String groupId, String artifactId) {
        String res = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = NativeBuild.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) return Optional.empty();
            Properties p = new Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The jar (file name) holding a resource, or empty when the resource is not there. */
    private static Optional<String> where(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) return Optional.empty();
        String s = url.toString();
        int bang = s.indexOf("!/");
        String jar = bang > 0 ? s.substring(0, bang) : s;
        return Optional.of(jar.substring(jar.lastIndexOf('/') + 1));
    }
}
