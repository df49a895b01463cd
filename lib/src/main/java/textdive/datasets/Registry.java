package textdive.datasets;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets textdive knows: {@code datasets/registry.json} from the repository, packaged into the
 * library jar as {@code /textdive/datasets/registry.json}. Looked up by URL (what {@link URLs}
 * holds, as in fastai) or by name.
 */
public final class Registry {
    static final String RESOURCE = "/textdive/datasets/registry.json";
    private static volatile Registry standard;

    private final Map<String, Dataset> byUrl = new LinkedHashMap<>();
    private final Map<String, Dataset> byName = new LinkedHashMap<>();

    private Registry(List<Dataset> datasets) {
        for (Dataset d : datasets) {
            validate(d);
            if (byUrl.put(d.url(), d) != null) throw new IllegalStateException("registry: URL listed twice: " + d.url());
            if (byName.put(d.name(), d) != null) throw new IllegalStateException("registry: name listed twice: " + d.name());
        }
    }

    /** The registry packaged with the library. */
    public static Registry standard() {
        Registry r = standard;
        if (r == null) {
            try (InputStream in = Registry.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("the dataset registry " + RESOURCE + " is not on the classpath");
                r = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            standard = r;
        }
        return r;
    }

    /** Reads a registry in the {@code registry.json} format. */
    public static Registry parse(Reader json) {
        try {
            RegistryFile file = new Gson().fromJson(json, RegistryFile.class);
            if (file == null || file.datasets == null) throw new IllegalArgumentException("registry has no \"datasets\" list");
            return new Registry(file.datasets);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed dataset registry: " + e.getMessage(), e);
        }
    }

    /** The dataset behind a {@link URLs} constant, or a clear error listing what is known. */
    public Dataset forUrl(String url) {
        Dataset d = byUrl.get(url);
        if (d == null) d = byName.get(url);
        if (d == null) {
            throw new DatasetException("'" + url + "' is not a registered dataset; known: " + String.join(", ", byName.keySet())
                    + " (use the constants in textdive.datasets.URLs)");
        }
        return d;
    }

    public Dataset forName(String name) {
        Dataset d = byName.get(name);
        if (d == null) throw new DatasetException("no dataset named " + name + "; known: " + String.join(", ", byName.keySet()));
        return d;
    }

    public List<Dataset> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    private static void validate(Dataset d) {
        String what = "registry entry " + d.name();
        if (d.name() == null || d.url() == null || d.folder() == null) {
            throw new IllegalStateException("registry entry needs name, url and folder: " + d);
        }
        if (d.folder().contains("/") || d.folder().contains("..") || d.folder().startsWith(".")) {
            throw new IllegalStateException(what + ": folder must be a plain name, not " + d.folder());
        }
        if (d.download() == null && d.mirror() == null && d.derive() == null) {
            throw new IllegalStateException(what + " has no download, mirror or derivation");
        }
        if (d.layout() == null) throw new IllegalStateException(what + " has no layout");
        Dataset.Source dl = d.download();
        if (dl != null && dl.isArchive() && dl.expected().isEmpty()) {
            if (dl.trust() == null || dl.trust().isBlank()) {
                throw new IllegalStateException(what + ": the download states no size or checksum; add them, or a 'trust' saying how it is checked instead");
            }
            if (dl.maxSize() == null) throw new IllegalStateException(what + ": an unverified download needs a 'maxSize' bound");
        }
    }

    /** The JSON file's top level. */
    private static final class RegistryFile {
        List<Dataset> datasets;
    }
}
