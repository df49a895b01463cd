package textdive.datasets;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
        Map<String, String> folders = new HashMap<>();
        for (int i = 0; i < datasets.size(); i++) {
            Dataset d = datasets.get(i);
            validate(d, i);
            if (byUrl.put(d.url(), d) != null) throw new IllegalStateException("registry: URL listed twice: " + d.url());
            if (byName.put(d.name(), d) != null) throw new IllegalStateException("registry: name listed twice: " + d.name());
            // two entries in one folder would each find the other's copy complete in the cache
            String other = folders.put(d.folder(), d.name());
            if (other != null) throw new IllegalStateException("registry: " + other + " and " + d.name() + " share the folder " + d.folder());
        }
        for (Dataset d : datasets) {
            if (d.derive() == null) continue;
            if (!"imdb-subset".equals(d.derive().kind()))
                throw new IllegalStateException("registry entry " + d.name() + ": unknown derive.kind " + d.derive().kind());
            // a cycle (A cut from B, B from A) would recurse until the stack runs out
            Set<String> seen = new LinkedHashSet<>(List.of(d.name()));
            for (Dataset from = d; from.derive() != null; ) {
                from = byName.get(from.derive().from());
                if (from == null) throw new IllegalStateException("registry entry " + d.name() + ": derive.from names no dataset: " + d.derive().from());
                if (!seen.add(from.name()))
                    throw new IllegalStateException("registry entry " + d.name() + ": derived in a cycle " + String.join(" <- ", seen) + " <- " + from.name());
            }
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
            String text = readAll(json);
            knownFields(JsonParser.parseString(text), RegistryFile.class, "$");
            // from the text, not the tree: the tree would read a size of 1.5 as 1
            RegistryFile file = new Gson().fromJson(text, RegistryFile.class);
            if (file == null || file.datasets == null) throw new IllegalArgumentException("registry has no \"datasets\" list");
            return new Registry(file.datasets);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed dataset registry: " + e.getMessage(), e);
        }
    }

    private static String readAll(Reader r) {
        StringWriter text = new StringWriter();
        try {
            r.transferTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset registry", e);
        }
        return text.toString();
    }

    /**
     * Refuses a field the registry's records do not have: Gson would ignore it, so a misspelt {@code "sha265"} would
     * leave a file checked by its size alone, without a word.
     */
    private static void knownFields(JsonElement e, Type type, String at) {
        if (e == null || e.isJsonNull()) return;
        if (type instanceof ParameterizedType p && e.isJsonArray()
                && p.getRawType() == List.class) {
            int i = 0;
            for (JsonElement x : e.getAsJsonArray()) knownFields(x, p.getActualTypeArguments()[0], at + "[" + i++ + "]");
            return;
        }
        if (!(type instanceof Class<?> c) || !e.isJsonObject()) return; // wrong shapes are Gson's to name
        Map<String, Type> fields = new LinkedHashMap<>();
        if (c.isRecord()) {
            for (var rc : c.getRecordComponents()) fields.put(rc.getName(), rc.getGenericType());
        } else if (c == RegistryFile.class) {
            fields.put("format", String.class);
            fields.put("datasets", RegistryFile.DATASETS);
        } else {
            return;
        }
        for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
            if (!fields.containsKey(f.getKey()))
                throw new IllegalArgumentException("dataset registry: unknown field '" + f.getKey() + "' at " + at + "; known: " + String.join(", ", fields.keySet()));
            knownFields(f.getValue(), fields.get(f.getKey()), at + "." + f.getKey());
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

    /**
     * Checks one entry before anything is fetched with it, so that a mistaken or hostile registry fails here with a
     * message naming the entry, the field and the value, instead of later as a NullPointerException or
     * NumberFormatException deep in {@link UntarData}, a path outside the mirror or the dataset folder, a digest that
     * can never match, or a dataset built from nothing checked.
     */
    private static void validate(Dataset d, int index) {
        if (d == null) throw new IllegalStateException("registry entry #" + (index + 1) + " is null");
        String what = "registry entry " + d.name();
        if (d.name() == null || d.url() == null || d.folder() == null) {
            throw new IllegalStateException("registry entry needs name, url and folder: " + d);
        }
        if (d.folder().isBlank() || d.folder().contains("/") || d.folder().contains("\\") || d.folder().contains("..")
                || d.folder().startsWith(".") || d.folder().chars().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException(what + ": folder must be a plain name, not '" + d.folder() + "'");
        }
        if (d.download() == null && d.mirror() == null && d.derive() == null) {
            throw new IllegalStateException(what + " has no download, mirror or derivation");
        }
        if (d.layout() == null) throw new IllegalStateException(what + " has no layout");
        for (String f : d.layout().files()) relative(what + ": layout.files", f);
        for (Map.Entry<String, Integer> c : d.layout().counts().entrySet()) {
            relative(what + ": layout.counts", c.getKey());
            if (c.getValue() == null || c.getValue() < 0)
                throw new IllegalStateException(what + ": layout.counts of " + c.getKey() + " must be a count, not " + c.getValue());
        }
        Dataset.Source dl = d.download();
        if (dl != null) {
            source(what + ": download", dl, List.of("tgz", "zip", "files"));
            if (dl.url() == null) throw new IllegalStateException(what + ": download has no url");
            httpUrl(what + ": download.url", dl.url());
        }
        if (dl != null && dl.isArchive() && dl.expected().isEmpty()) {
            if (dl.trust() == null || dl.trust().isBlank()) {
                throw new IllegalStateException(what + ": the download states no size or checksum; add them, or a 'trust' saying how it is checked instead");
            }
            if (dl.maxSize() == null) throw new IllegalStateException(what + ": an unverified download needs a 'maxSize' bound");
        }
        Dataset.Source m = d.mirror();
        if (m != null) {
            source(what + ": mirror", m, List.of("tgz", "zip", "files", "dir"));
            if (m.path() == null) throw new IllegalStateException(what + ": mirror has no path");
            relative(what + ": mirror.path", m.path());
            if (m.isArchive() && m.expected().isEmpty())
                throw new IllegalStateException(what + ": the mirror's archive states no size or checksum");
            if ("dir".equals(m.kind()) && m.manifest() == null && (m.files() == null || m.files().isEmpty()))
                throw new IllegalStateException(what + ": a mirrored folder needs a manifest or files to check it by");
            if (m.manifest() != null) relative(what + ": mirror.manifest", m.manifest());
        }
        if (d.derive() != null && (d.derive().from() == null || d.derive().from().equals(d.name())))
            throw new IllegalStateException(what + ": derive.from must name another dataset, not " + d.derive().from());
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    /** A source's kind, sizes, digests and file names. */
    private static void source(String what, Dataset.Source s, List<String> kinds) {
        if (s.kind() == null || !kinds.contains(s.kind())) throw new IllegalStateException(what + ".kind must be one of " + kinds + ", not " + s.kind());
        checks(what, s.size(), s.sha256());
        if (s.md5() != null && !MD5.matcher(s.md5()).matches())
            throw new IllegalStateException(what + ".md5 must be 32 hex digits, not '" + s.md5() + "'");
        if (s.maxSize() != null && s.maxSize() < 0) throw new IllegalStateException(what + ".maxSize must not be negative: " + s.maxSize());
        if (s.unpacked() != null && ((s.unpacked().bytes() != null && s.unpacked().bytes() < 0)
                || (s.unpacked().entries() != null && s.unpacked().entries() < 0)))
            throw new IllegalStateException(what + ".unpacked must not be negative: " + s.unpacked());
        if ("files".equals(s.kind()) && (s.files() == null || s.files().isEmpty()))
            throw new IllegalStateException(what + " of kind files lists no files");
        if (s.files() != null) {
            for (Dataset.FileSpec f : s.files()) {
                if (f == null || f.name() == null) throw new IllegalStateException(what + ".files has an entry without a name");
                relative(what + ".files", f.name());
                checks(what + ".files " + f.name(), f.size(), f.sha256());
                if (f.expected().isEmpty()) throw new IllegalStateException(what + ".files " + f.name() + " states no size or sha256");
            }
        }
    }

    private static void checks(String what, Long size, String sha256) {
        if (size != null && size < 0) throw new IllegalStateException(what + ".size must not be negative: " + size);
        if (sha256 != null && !SHA256.matcher(sha256).matches())
            throw new IllegalStateException(what + ".sha256 must be 64 hex digits, not '" + sha256 + "'");
    }

    /** A relative path that stays inside its folder (no absolute path, no {@code ..}, no backslash or control character). */
    private static void relative(String what, String path) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")
                || path.chars().anyMatch(Character::isISOControl)
                || Arrays.asList(path.split("/")).contains(".."))
            throw new IllegalStateException(what + " must be a relative path inside its folder, not '" + path + "'");
    }

    private static void httpUrl(String what, String url) {
        try {
            URI u = new URI(url);
            if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) return;
        } catch (URISyntaxException e) {
            // named below
        }
        throw new IllegalStateException(what + " must be an http(s) URL, not '" + url + "'");
    }

    /** The JSON file's top level. */
    private static final class RegistryFile {
        static final Type DATASETS = new TypeToken<List<Dataset>>() {}.getType();
        String format;
        List<Dataset> datasets;
    }
}
