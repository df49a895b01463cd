package textdive.io.torch;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads what {@code torch.save} writes, in both of its formats, without Python: the zip format (PyTorch ≥ 1.6:
 * {@code NAME/data.pkl} plus one entry per storage) and the legacy stream (a magic number, a pickle of the object,
 * a pickle of the storage keys, then the raw storages), which is how fastai's WikiText-103 weights were saved. The
 * pickles go through {@link Unpickler}, which accepts only PyTorch's tensor and storage rebuilders and
 * {@code collections.OrderedDict}: a {@code .pth} that names anything else is refused, and nothing in it runs.
 * Every size read from the file is checked against the data actually present before anything is allocated.
 */
public final class TorchFiles {
    /** {@code torch.serialization.MAGIC_NUMBER} of the legacy format. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    /** Python cannot pickle anything nested deeper than its recursion limit (1000), so no real file does. */
    static final int MAX_DEPTH = 1000;
    /**
     * The most dimensions a tensor read from a file may have. PyTorch's reductions keep their dimensions in a 64-bit
     * set ({@code dim_list_to_bitset}, pytorch/pytorch#23159) and its CUDA kernels take at most 25, so no weight a
     * model uses has more: a tensor of more is crafted. Without the bound, 100,000 dimensions of size 1 loaded.
     */
    static final int MAX_RANK = 64;

    private TorchFiles() {
    }

    /** A storage class of a pickle ({@code torch.FloatStorage}, ...): a dtype and its size in bytes. */
    record StorageType(String dtype, int elemSize) {
    }

    /** A storage named by a pickle's persistent id, read after the pickle (legacy) or from its zip entry. */
    private record StorageRef(StorageType type, String key, long numel, long viewOffset, long viewNumel) {
    }

    /** A tensor as the pickle describes it, materialised once its storage has been read. */
    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private static final Map<String, StorageType> STORAGES = Map.ofEntries(
            Map.entry("FloatStorage", new StorageType("float32", 4)),
            Map.entry("DoubleStorage", new StorageType("float64", 8)),
            Map.entry("HalfStorage", new StorageType("float16", 2)),
            Map.entry("BFloat16Storage", new StorageType("bfloat16", 2)),
            Map.entry("LongStorage", new StorageType("int64", 8)),
            Map.entry("IntStorage", new StorageType("int32", 4)),
            Map.entry("ShortStorage", new StorageType("int16", 2)),
            Map.entry("CharStorage", new StorageType("int8", 1)),
            Map.entry("ByteStorage", new StorageType("uint8", 1)),
            Map.entry("BoolStorage", new StorageType("bool", 1)));

    /**
     * The object a {@code .pth} file holds, with {@link TorchTensor}s for its tensors, dicts as {@link Map}s and
     * lists as {@link List}s.
     */
    public static Object load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no PyTorch file there");
        if (isZip(file)) return loadZip(file);
        return loadLegacy(file);
    }

    /**
     * A model's state dict: the tensors of a {@code .pth} by name, in the file's order. fastai's files that also
     * hold the optimizer ({@code {'model': ..., 'opt': ...}}) give their model part.
     */
    public static Map<String, TorchTensor> stateDict(Path file) throws IOException {
        Object o = load(file);
        if (o instanceof Map<?, ?> m && m.containsKey("model") && m.get("model") instanceof Map<?, ?>) o = m.get("model");
        if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + " holds a " + kind(o) + ", not a state dict (a dict of tensors)");
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException(file + ": a state dict key is a " + kind(e.getKey()) + ", not a name");
            if (!(e.getValue() instanceof TorchTensor t)) throw new IllegalArgumentException(file + ": '" + k + "' is a " + kind(e.getValue()) + ", not a tensor");
            out.put(k, t);
        }
        return out;
    }

    /** A pickle of plain data (fastai's {@code itos_wt103.pkl} vocab: a list of strings); any global is refused. */
    public static Object loadPickle(Path file) throws IOException {
        Object o;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            o = Unpickler.load(in, Unpickler.plainData(), file.toString());
        }
        return materialise(o, ref -> {
            throw new IllegalStateException("a plain-data pickle has no storages");
        }, file.toString());
    }

    private static String kind(Object o) {
        return o == null ? "None" : o instanceof Map ? "dict" : o instanceof List ? "list" : o.getClass().getSimpleName();
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    // ---------- the zip format ----------

    private static Object loadZip(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) throw new IllegalArgumentException(file + " is a zip file but not one torch.save wrote (no NAME/data.pkl entry)");
            String dataPrefix = prefix + "data/";
            Globals globals = new Globals(file.toString());
            Object tree;
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(pkl), new CRC32())) {
                tree = Unpickler.load(new BufferedInputStream(in), globals, file + " (" + prefix + "data.pkl)");
                checkCrc(file, pkl, in);
            }
            return materialise(tree, ref -> {
                ZipEntry e = zip.getEntry(dataPrefix + ref.key());
                if (e == null) throw new IllegalArgumentException(file + ": storage '" + ref.key() + "' named by the pickle is missing from the archive");
                long bytes = ref.numel() * ref.type().elemSize();
                if (e.getSize() >= 0 && e.getSize() < bytes) {
                    throw new IllegalArgumentException(file + ": storage '" + ref.key() + "' holds " + e.getSize() + " bytes, the pickle says " + ref.numel()
                            + " " + ref.type().dtype() + " values (" + bytes + " bytes): truncated or corrupt");
                }
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(e), new CRC32())) {
                    Object values = readStorage(in, ref.type(), ref.numel(), file + ": storage '" + ref.key() + "'");
                    checkCrc(file, e, in);
                    return values;
                }
            }, file.toString());
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + " is not a readable zip archive: " + e.getMessage(), e);
        } catch (EOFException e) {
            // ZipFile's own EOFException (an entry whose data lies past the end of the file) has no message
            throw new IllegalArgumentException(file + " is truncated: " + (e.getMessage() != null ? detail(e, file) : "a zip entry ends past the end of the file"), e);
        }
    }

    /**
     * A zip entry's CRC-32 (torch.save computes it) against its bytes: Java's ZipFile does not check it, and a flipped
     * bit in a storage would otherwise be a silently wrong weight. A CRC of 0 is not checked: PyTorch ≥ 2.5 can skip
     * computing it ({@code torch.serialization.set_crc32_options(False)}) and then writes 0.
     */
    private static void checkCrc(Path file, ZipEntry e, CheckedInputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream()); // the unread rest of the entry counts too
        if (e.getCrc() > 0 && in.getChecksum().getValue() != e.getCrc()) {
            throw new IllegalArgumentException(file + ": the checksum of zip entry '" + e.getName() + "' does not match its data (corrupt file)");
        }
    }

    // ---------- the legacy format ----------

    private static Object loadLegacy(Path file) throws IOException {
        String src = file.toString();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Object magic;
            try {
                magic = Unpickler.load(in, Unpickler.plainData(), src);
            } catch (UnsafePickleException e) {
                throw new IllegalArgumentException(file + " is neither a zip nor a legacy torch.save file (" + detail(e, file) + ")", e);
            }
            if (!LEGACY_MAGIC.equals(asBig(magic))) throw new IllegalArgumentException(file + " is not a PyTorch file (no torch.save magic number)");
            Object protocol = Unpickler.load(in, Unpickler.plainData(), src);
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) throw new IllegalArgumentException(file + ": unsupported torch.save protocol " + describe(protocol));
            Object sysInfo = Unpickler.load(in, Unpickler.plainData(), src);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new IllegalArgumentException(file + " was written on a big-endian machine; only little-endian files are supported");
            }
            Globals globals = new Globals(src);
            Object tree = Unpickler.load(in, globals, src);
            Object keys = Unpickler.load(in, Unpickler.plainData(), src);
            if (!(keys instanceof List<?> keyList)) throw new IllegalArgumentException(file + ": the storage key list is missing");
            Map<String, Object> storages = new HashMap<>();
            for (Object k : keyList) {
                if (!(k instanceof String || k instanceof Long)) throw new IllegalArgumentException(file + ": a storage key is a " + describe(k) + ", not a name");
                StorageRef ref = globals.roots.get(String.valueOf(k));
                if (ref == null) throw new IllegalArgumentException(file + ": storage '" + k + "' is listed but no tensor uses it");
                long numel = Long.reverseBytes(readLong(in, src));
                if (numel != ref.numel()) {
                    throw new IllegalArgumentException(file + ": storage '" + k + "' has " + numel + " values, the pickle says " + ref.numel() + " (corrupt)");
                }
                storages.put(ref.key(), readStorage(in, ref.type(), numel, src + ": storage '" + k + "'"));
            }
            return materialise(tree, ref -> {
                Object s = storages.get(ref.key());
                if (s == null) throw new IllegalArgumentException(file + ": storage '" + ref.key() + "' is used but was not stored");
                return s;
            }, src);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated: " + detail(e, file), e);
        }
    }

    /** A nested error's message without the file name it starts with, for a message that names the file once. */
    private static String detail(Exception e, Path file) {
        String m = String.valueOf(e.getMessage()), f = file.toString();
        if (m.startsWith(f + ": ")) return m.substring(f.length() + 2);
        int close = m.indexOf("): ");
        if (m.startsWith(f + " (") && close > 0) return m.substring(f.length() + 2, close) + ": " + m.substring(close + 3); // "f (entry): x"
        return m.startsWith(f + " ") ? m.substring(f.length() + 1) : m;
    }

    private static long readLong(DataInputStream in, String src) throws IOException {
        try {
            return in.readLong();
        } catch (EOFException e) {
            throw new EOFException(src + ": a storage header is missing");
        }
    }

    private static BigInteger asBig(Object o) {
        if (o instanceof BigInteger b) return b;
        if (o instanceof Long l) return BigInteger.valueOf(l);
        return null;
    }

    // ---------- storages and tensors ----------

    /** Reads {@code numel} values of {@code type}: float types to {@code float[]}, integer types to {@code long[]}. */
    private static Object readStorage(InputStream in, StorageType type, long numel, String what) throws IOException {
        if (numel < 0 || numel > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(what + ": " + numel + " values is not a storage this reader can hold");
        int n = (int) numel;
        boolean floating = type.dtype().startsWith("float") || type.dtype().equals("bfloat16");
        float[] fs = floating ? new float[0] : null;
        long[] ls = floating ? null : new long[0];
        // read in chunks so that a lying header costs no more memory than the bytes really there
        int chunkValues = Math.max(1, (1 << 20) / type.elemSize());
        int done = 0;
        List<Object> parts = new ArrayList<>();
        while (done < n) {
            int m = Math.min(chunkValues, n - done);
            byte[] raw = in.readNBytes(m * type.elemSize());
            if (raw.length != m * type.elemSize()) throw new EOFException(what + ": truncated after " + (done + raw.length / type.elemSize()) + " of " + n + " values");
            ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (floating) {
                float[] part = new float[m];
                for (int i = 0; i < m; i++) part[i] = readFloat(bb, type.dtype());
                parts.add(part);
            } else {
                long[] part = new long[m];
                for (int i = 0; i < m; i++) part[i] = readInt(bb, type.dtype());
                parts.add(part);
            }
            done += m;
        }
        if (floating) {
            fs = new float[n];
            int at = 0;
            for (Object p : parts) {
                float[] f = (float[]) p;
                System.arraycopy(f, 0, fs, at, f.length);
                at += f.length;
            }
            return fs;
        }
        ls = new long[n];
        int at = 0;
        for (Object p : parts) {
            long[] l = (long[]) p;
            System.arraycopy(l, 0, ls, at, l.length);
            at += l.length;
        }
        return ls;
    }

    private static float readFloat(ByteBuffer bb, String dtype) {
        return switch (dtype) {
            case "float32" -> bb.getFloat();
            case "float64" -> (float) bb.getDouble();
            case "float16" -> halfToFloat(bb.getShort());
            case "bfloat16" -> Float.intBitsToFloat((bb.getShort() & 0xffff) << 16);
            default -> throw new IllegalStateException(dtype);
        };
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static long readInt(ByteBuffer bb, String dtype) {
        return switch (dtype) {
            case "int64" -> bb.getLong();
            case "int32" -> bb.getInt();
            case "int16" -> bb.getShort();
            case "int8" -> bb.get();
            case "uint8", "bool" -> bb.get() & 0xff;
            default -> throw new IllegalStateException(dtype);
        };
    }

    @FunctionalInterface
    private interface StorageReader {
        Object read(StorageRef ref) throws IOException;
    }

    /** Replaces every {@link TensorRef} in the tree by its {@link TorchTensor}; see {@link Materialiser}. */
    private static Object materialise(Object tree, StorageReader reader, String source) throws IOException {
        return new Materialiser(reader, source).copy(tree, 0);
    }

    /**
     * Copies a pickle's tree with its tensors read, each object once: a sub-tree the pickle refers to twice (through
     * its memo) is copied once and shared, as Python would share it, so that n objects that each hold the next one
     * twice cost n steps, not 2^n. A structure that contains itself, or that nests deeper than {@link #MAX_DEPTH}, is
     * refused rather than overflowing the stack here or in the caller's code.
     */
    private static final class Materialiser {
        private final StorageReader reader;
        private final String source;
        private final Map<String, float[]> floats = new HashMap<>();
        private final Map<String, long[]> longs = new HashMap<>();
        private final Map<Object, Object> done = new IdentityHashMap<>();
        private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

        Materialiser(StorageReader reader, String source) {
            this.reader = reader;
            this.source = source;
        }

        Object copy(Object o, int depth) throws IOException {
            if (!(o instanceof TensorRef || o instanceof Map || o instanceof List || o instanceof Unpickler.Tuple)) {
                if (o instanceof StorageRef) throw new IllegalArgumentException(source + ": a bare storage outside a tensor is not supported");
                return o;
            }
            Object seen = done.get(o);
            if (seen != null) return seen;
            if (depth > MAX_DEPTH) throw new IllegalArgumentException(source + ": the pickle nests lists, dicts or tuples more than " + MAX_DEPTH + " deep");
            if (!open.add(o)) throw new IllegalArgumentException(source + ": the pickle holds a list, dict or tuple that contains itself");
            Object out;
            if (o instanceof TensorRef t) {
                out = tensor(t);
            } else if (o instanceof Map<?, ?> m) {
                Map<Object, Object> c = new LinkedHashMap<>();
                for (var e : m.entrySet()) c.put(e.getKey(), copy(e.getValue(), depth + 1));
                out = c;
            } else if (o instanceof Unpickler.Tuple t) {
                List<Object> items = new ArrayList<>();
                for (Object x : t.items()) items.add(copy(x, depth + 1));
                out = new Unpickler.Tuple(items);
            } else {
                List<Object> c = new ArrayList<>();
                for (Object x : (List<?>) o) c.add(copy(x, depth + 1));
                out = c;
            }
            open.remove(o);
            done.put(o, out);
            return out;
        }

        /**
         * The tensor's values, gathered through its offset and strides. Every element it names must lie in its storage
         * (view): the bounds are computed exactly, so that a huge size, stride or offset cannot wrap around to an index
         * that happens to be valid and quietly read the wrong values.
         */
        private TorchTensor tensor(TensorRef t) throws IOException {
            StorageRef s = t.storage();
            long[] size = t.size(), stride = t.stride();
            if (size.length > MAX_RANK) {
                throw new IllegalArgumentException(source + ": a tensor of " + size.length + " dimensions (at most " + MAX_RANK + "; corrupt file)");
            }
            if (size.length != stride.length) {
                throw new IllegalArgumentException(source + ": a tensor has " + size.length + " sizes but " + stride.length + " strides (corrupt file)");
            }
            long n = 1, last = t.offset();
            try {
                for (int d = 0; d < size.length; d++) {
                    if (size[d] < 0 || stride[d] < 0) {
                        throw new IllegalArgumentException(source + ": negative size or stride in a tensor of shape " + Arrays.toString(size)
                                + ", strides " + Arrays.toString(stride) + " (corrupt file)");
                    }
                    n = Math.multiplyExact(n, size[d]);
                    if (size[d] > 0) last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(source + ": a tensor of shape " + Arrays.toString(size) + ", strides " + Arrays.toString(stride)
                        + ", offset " + t.offset() + " overflows (corrupt file)");
            }
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(source + ": a tensor of " + n + " values is too large");
            long avail = s.viewNumel();
            if (n > 0 && (t.offset() < 0 || last >= avail)) {
                throw new IllegalArgumentException(source + ": a tensor of shape " + Arrays.toString(size) + " reaches element " + last
                        + " of a storage of " + avail + " values (corrupt file)");
            }
            Object data;
            if (s.type().dtype().startsWith("float") || s.type().dtype().equals("bfloat16")) {
                float[] f = floats.get(s.key());
                if (f == null) floats.put(s.key(), f = (float[]) reader.read(s));
                data = f;
            } else {
                long[] l = longs.get(s.key());
                if (l == null) longs.put(s.key(), l = (long[]) reader.read(s));
                data = l;
            }
            long base = s.viewOffset() + t.offset();
            int[] idx = new int[size.length];
            float[] fout = data instanceof float[] ? new float[(int) n] : null;
            long[] lout = data instanceof long[] ? new long[(int) n] : null;
            for (int i = 0; i < n; i++) {
                long at = base;
                for (int d = 0; d < idx.length; d++) at += idx[d] * stride[d];
                if (fout != null) fout[i] = ((float[]) data)[(int) at];
                else lout[i] = ((long[]) data)[(int) at];
                for (int d = idx.length - 1; d >= 0; d--) {
                    if (++idx[d] < size[d]) break;
                    idx[d] = 0;
                }
            }
            return new TorchTensor(s.type().dtype(), size, fout, lout);
        }
    }

    /** A value in an error message: short, and never the text of a whole (possibly self-containing) structure. */
    static String describe(Object o) {
        if (o instanceof String str) return "'" + (str.length() > 40 ? str.substring(0, 40) + "..." : str) + "'";
        if (o instanceof Number || o instanceof Boolean) {
            String v = o.toString();
            return v.length() > 40 ? v.substring(0, 40) + "..." : v;
        }
        if (o instanceof Map<?, ?> m) return "dict of " + m.size();
        if (o instanceof Unpickler.Tuple t) return "tuple of " + t.size();
        if (o instanceof List<?> l) return "list of " + l.size();
        return kind(o);
    }

    /** The only Python names a {@code .pth} may use, each rebuilding plain data. */
    private static final class Globals implements Unpickler.Globals {
        private final String source;
        final Map<String, StorageRef> roots = new LinkedHashMap<>();

        Globals(String source) {
            this.source = source;
        }

        @Override
        public Unpickler.Callable resolve(String module, String name) {
            if (module.equals("collections") && name.equals("OrderedDict")) return args -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (args.size() > 0 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Unpickler.Tuple kv && kv.size() == 2) m.put(kv.get(0), kv.get(1));
                    }
                }
                return m;
            };
            if (module.equals("torch._utils")) {
                switch (name) {
                    case "_rebuild_tensor_v2", "_rebuild_tensor" -> {
                        return args -> {
                            if (!(args.get(0) instanceof StorageRef s)) throw new UnsafePickleException(source + ": " + name + " without a storage");
                            return new TensorRef(s, asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
                        };
                    }
                    case "_rebuild_parameter" -> {
                        return args -> {
                            if (!(args.get(0) instanceof TensorRef t)) throw new UnsafePickleException(source + ": _rebuild_parameter without a tensor");
                            return t;
                        };
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (module.equals("torch")) {
                StorageType type = STORAGES.get(name);
                if (type == null) return null;
                return new Unpickler.Callable() {
                    public Object call(Unpickler.Tuple args) {
                        throw new UnsafePickleException(source + ": the pickle calls torch." + name + " instead of naming it");
                    }

                    public Object asValue() {
                        return type;
                    }
                };
            }
            return null;
        }

        @Override
        public Object persistentLoad(Object pid) {
            if (!(pid instanceof Unpickler.Tuple t) || t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof StorageType type)) {
                throw new UnsafePickleException(source + ": unexpected persistent id " + describe(pid) + " (not a PyTorch storage)");
            }
            if (!(t.get(2) instanceof String || t.get(2) instanceof Long)) throw new UnsafePickleException(source + ": a storage key is a " + describe(t.get(2)));
            String key = String.valueOf(t.get(2));
            long numel = asLong(t.get(4));
            if (numel < 0) throw new UnsafePickleException(source + ": storage '" + key + "' has a negative size");
            StorageRef root = roots.get(key);
            if (root == null) {
                root = new StorageRef(type, key, numel, 0, numel);
                roots.put(key, root);
            } else if (!root.type().equals(type) || root.numel() != numel) {
                throw new UnsafePickleException(source + ": storage '" + key + "' is described two ways");
            }
            if (t.size() > 5 && t.get(5) instanceof Unpickler.Tuple view && view.size() == 3) {
                long off = asLong(view.get(1)), len = asLong(view.get(2));
                if (off < 0 || len < 0 || len > numel - off) throw new UnsafePickleException(source + ": a storage view outside its storage");
                return new StorageRef(type, key, numel, off, len);
            }
            return root;
        }

        private long asLong(Object o) {
            if (o instanceof Long l) return l;
            throw new UnsafePickleException(source + ": expected an integer, got " + describe(o));
        }

        private long[] longs(Object o) {
            if (!(o instanceof Unpickler.Tuple t)) throw new UnsafePickleException(source + ": expected a tuple of sizes, got " + describe(o));
            long[] out = new long[t.size()];
            for (int i = 0; i < out.length; i++) out[i] = asLong(t.get(i));
            return out;
        }
    }

    /** Reads a pickle from bytes (tests, embedded pickles). */
    static Object loadPickle(byte[] pickle, Unpickler.Globals globals, String source) throws IOException {
        return Unpickler.load(new ByteArrayInputStream(pickle), globals, source);
    }
}
