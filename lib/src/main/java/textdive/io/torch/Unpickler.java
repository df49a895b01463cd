package textdive.io.torch;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A restricted reader of Python's pickle format, protocols 0–5, for the data in PyTorch and fastai files. A
 * pickle is a small program: besides building lists, dicts and strings it can name any Python function
 * ({@code GLOBAL os system}) and call it ({@code REDUCE}); that is how a malicious {@code .pth} runs code when
 * Python loads it. This reader never calls anything: a {@code GLOBAL} is only accepted when the caller's
 * {@link Globals} knows it (PyTorch's tensor and storage rebuilders, {@code collections.OrderedDict}), and the
 * Java function it maps to builds plain data. Any other name fails the whole load with
 * {@link UnsafePickleException}, before any object is handed out.
 *
 * <p>Python values become: {@code None} null, bool {@link Boolean}, int {@link Long} (or {@link BigInteger}),
 * float {@link Double}, str {@link String}, bytes {@code byte[]}, list {@link ArrayList}, tuple {@link Tuple},
 * dict {@link LinkedHashMap}.
 */
public final class Unpickler {
    /** A Python tuple (immutable, unlike a list). */
    public record Tuple(List<Object> items) {
        public Object get(int i) {
            // not an UnsafePickleException: the reader that called the global names the file around this message
            if (i < 0 || i >= items.size()) throw new IndexOutOfBoundsException("a tuple of " + items.size() + " items has no item " + i);
            return items.get(i);
        }

        public int size() {
            return items.size();
        }
    }

    /** What a pickle may name and how to rebuild it; everything else is refused. */
    public interface Globals {
        /** The object for {@code module.name} (a callable for REDUCE or a class for NEWOBJ), or null to refuse it. */
        Callable resolve(String module, String name);

        /** {@code BINPERSID}: an object stored outside the pickle (PyTorch's storages). */
        Object persistentLoad(Object pid);
    }

    /** A whitelisted Python callable, implemented in Java on plain data. */
    @FunctionalInterface
    public interface Callable {
        Object call(Tuple args);

        /** {@code BUILD}: sets state on an object this callable made (an OrderedDict's metadata); default: ignored. */
        default Object build(Object obj, Object state) {
            return obj;
        }

        /**
         * The data a global stands for when the pickle uses it as a value rather than calling it (a storage class
         * naming a dtype), or null: then handing it out is refused.
         */
        default Object asValue() {
            return null;
        }
    }

    /** A resolved global, on the stack until REDUCE, NEWOBJ or BUILD consume it. */
    private record Global(String qualified, Callable target) {
    }

    private static final Object MARK = new Object();
    /** Pickles from PyTorch and fastai are small programs; anything far larger is not one of them. */
    private static final int MAX_STACK = 1 << 20;
    private static final int MAX_MEMO = 1 << 24;
    private static final long MAX_STRING = 1L << 30;
    /**
     * Each opcode keeps a few dozen bytes alive (a list slot, a memo entry, an empty list), and a deflated zip entry
     * can hold a pickle a thousand times the file's size: these bound what a small hostile file can make this reader
     * allocate. A million-word vocab takes about 2 million opcodes; a state dict's pickle, a few dozen per tensor.
     */
    static final int MAX_OPS = 1 << 22;
    static final long MAX_BYTES = 1L << 27;
    /** Dict keys are Python's hashable values; a tuple key has at most this many items, nested ones counted. */
    private static final int MAX_KEY_ITEMS = 256;

    private final InputStream in;
    private final Globals globals;
    private final String source;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<Object, Callable> makers = new IdentityHashMap<>();
    private long pos;
    private int ops;
    private long bytesRead;

    private Unpickler(InputStream in, Globals globals, String source) {
        this.in = in;
        this.globals = globals;
        this.source = source;
    }

    /** Reads one pickle from {@code in}, naming {@code source} in errors. */
    public static Object load(InputStream in, Globals globals, String source) throws IOException {
        return new Unpickler(in, globals, source).run();
    }

    /** Globals that accept nothing: a pickle of plain lists, dicts and strings (fastai's {@code itos} vocab). */
    public static Globals plainData() {
        return PLAIN_DATA;
    }

    private static final Globals PLAIN_DATA = new Globals() {
        public Callable resolve(String module, String name) {
            return null;
        }

        public Object persistentLoad(Object pid) {
            throw new UnsafePickleException("a plain-data pickle refers to external data (a persistent id): refused");
        }
    };

    private Object run() throws IOException {
        while (true) {
            int op = in.read();
            pos++;
            if (op < 0) throw new UnsafePickleException(source + ": the pickle ends without STOP (truncated?)");
            if (++ops > MAX_OPS) throw new UnsafePickleException(source + ": the pickle runs more than " + MAX_OPS + " operations: not a PyTorch or fastai pickle");
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto > 5) throw new UnsafePickleException(source + ": pickle protocol " + proto + " is newer than 5");
                }
                case 0x95 -> u64(); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object v = pop();
                    return unwrap(v);
                }
                case '(' -> { // MARK
                    marks.add(stack.size());
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) i32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) u16()); // BININT2
                case 'I' -> push(parse("INT", line(), Unpickler::intLine)); // INT
                case 'L' -> push(parse("LONG", line(), Unpickler::longLine)); // LONG
                case 0x8a -> push(longBytes(bytes(u8()))); // LONG1
                case 0x8b -> push(longBytes(bytes(count(i32())))); // LONG4
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'F' -> push(parse("FLOAT", line(), Double::parseDouble)); // FLOAT
                case 'X' -> push(utf8(bytes(count(u32())))); // BINUNICODE
                case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(bytes(count(u64())))); // BINUNICODE8
                case 'V' -> push(parse("UNICODE", line(), Unpickler::unicodeEscape)); // UNICODE
                case 'T' -> push(new String(bytes(count(i32())), StandardCharsets.ISO_8859_1)); // BINSTRING (py2 str)
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1)); // SHORT_BINSTRING
                case 'S' -> push(parse("STRING", line(), this::stringLiteral)); // STRING
                case 'B' -> push(bytes(count(u32()))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 0x8e -> push(bytes(count(u64()))); // BINBYTES8
                case 0x96 -> push(bytes(count(u64()))); // BYTEARRAY8
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(new ArrayList<>(popMark()))); // TUPLE
                case 0x85 -> push(new Tuple(listOf(unwrap(pop())))); // TUPLE1
                case 0x86 -> { // TUPLE2
                    Object b = pop(), a = pop();
                    push(new Tuple(listOf(unwrap(a), unwrap(b))));
                }
                case 0x87 -> { // TUPLE3
                    Object c = pop(), b = pop(), a = pop();
                    push(new Tuple(listOf(unwrap(a), unwrap(b), unwrap(c))));
                }
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek()).add(unwrap(v));
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    List<Object> l = list(peek());
                    for (Object o : items) l.add(unwrap(o));
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putAll(m, items);
                    push(m);
                }
                case 's' -> { // SETITEM
                    Object v = pop(), k = pop();
                    dict(peek()).put(key(k), unwrap(v));
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    putAll(dict(peek()), items);
                }
                case 0x8f -> push(new ArrayList<>()); // EMPTY_SET (as a list)
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    List<Object> l = list(peek());
                    for (Object o : items) l.add(unwrap(o));
                }
                case 0x91 -> push(new ArrayList<>(popMark())); // FROZENSET
                case 'p' -> memo(parse("PUT", line(), Unpickler::memoKey), peek()); // PUT
                case 'q' -> memo(u8(), peek()); // BINPUT
                case 'r' -> memo(u32(), peek()); // LONG_BINPUT
                case 0x94 -> memo(memo.size(), peek()); // MEMOIZE
                case 'g' -> push(memoGet(parse("GET", line(), Unpickler::memoKey))); // GET
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(), module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) throw new UnsafePickleException(source + ": STACK_GLOBAL needs two strings");
                    push(global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(), f = pop();
                    push(call(f, args));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop(), cls = pop();
                    push(call(cls, args));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop(), args = pop(), cls = pop();
                    if (kwargs instanceof Map<?, ?> kw && !kw.isEmpty()) throw new UnsafePickleException(source + ": keyword arguments in NEWOBJ_EX are not supported");
                    push(call(cls, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop(), obj = pop();
                    push(build(obj, state));
                }
                case 'Q' -> push(persistentLoad(unwrap(pop()))); // BINPERSID
                case 'P' -> push(persistentLoad(line())); // PERSID
                case 'i', 'o' -> throw new UnsafePickleException(source + ": the pickle builds an instance with opcode '" + (char) op
                        + "': only tensors, storages and ordered dicts are rebuilt; nothing was run");
                case 0x82, 0x83, 0x84 -> throw new UnsafePickleException(source + ": the pickle uses the copyreg extension registry (opcode 0x"
                        + Integer.toHexString(op) + "): refused; nothing was run");
                case 0x97 -> throw new UnsafePickleException(source + ": out-of-band buffers (NEXT_BUFFER) are not supported");
                case 0x98 -> { } // READONLY_BUFFER
                default -> throw new UnsafePickleException(source + ": unknown pickle opcode 0x" + Integer.toHexString(op) + " at byte " + (pos - 1)
                        + " (not a pickle, or a corrupt one)");
            }
            if (stack.size() > MAX_STACK || marks.size() > MAX_STACK) throw new UnsafePickleException(source + ": the pickle's stack grows past " + MAX_STACK + " items");
        }
    }

    // ---- globals and calls: the only place where a pickle could ask for code, and where it is refused ----

    private Global global(String module, String name) {
        String m = module.strip(), n = name.strip();
        Callable c = globals.resolve(m, n);
        if (c == null) {
            throw new UnsafePickleException(source + " names the Python global '" + m + "." + n + "': refused. Only PyTorch's tensors and storages"
                    + " and ordered dicts are rebuilt from a pickle, and nothing in it is run");
        }
        return new Global(m + "." + n, c);
    }

    private Object call(Object f, Object args) {
        if (!(f instanceof Global g)) throw new UnsafePickleException(source + ": the pickle calls something that is not an allowed global (" + describe(f) + ")");
        if (!(args instanceof Tuple t)) throw new UnsafePickleException(source + ": arguments of " + g.qualified() + " are not a tuple");
        Object v;
        try {
            v = g.target().call(t);
        } catch (UnsafePickleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsafePickleException(source + ": " + g.qualified() + " got unexpected arguments: " + e.getMessage(), e);
        }
        if (v != null) makers.put(v, g.target());
        return v;
    }

    private Object persistentLoad(Object pid) {
        if (globals == PLAIN_DATA) throw new UnsafePickleException(source + ": a plain-data pickle refers to external data (a persistent id): refused");
        try {
            return globals.persistentLoad(pid);
        } catch (UnsafePickleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnsafePickleException(source + ": a persistent id the reader cannot use: " + e.getMessage(), e);
        }
    }

    private Object build(Object obj, Object state) {
        Callable maker = obj == null ? null : makers.get(obj);
        if (maker == null) {
            throw new UnsafePickleException(source + ": the pickle sets state on " + describe(obj) + ", which no allowed global made");
        }
        Object v = maker.build(obj, unwrap(state));
        if (v != null) makers.put(v, maker);
        return v;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof Global g ? g.qualified() : o.getClass().getSimpleName();
    }

    // ---- stack ----

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) >= stack.size())) {
            throw new UnsafePickleException(source + ": the pickle pops from an empty stack (corrupt?)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) throw new UnsafePickleException(source + ": the pickle reads an empty stack (corrupt?)");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw new UnsafePickleException(source + ": the pickle closes a MARK it never opened (corrupt?)");
        int at = marks.remove(marks.size() - 1);
        if (at > stack.size()) throw new UnsafePickleException(source + ": corrupt MARK");
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        List<Object> out = new ArrayList<>(items.size());
        for (Object o : items) out.add(unwrap(o));
        return out;
    }

    /** A global left on the stack as a value (not called) is refused too: nothing but data leaves this reader. */
    private Object unwrap(Object o) {
        if (o instanceof Global g && g.target().asValue() != null) return g.target().asValue();
        if (o instanceof Global g) throw new UnsafePickleException(source + ": the pickle hands out the Python global " + g.qualified() + " itself: refused");
        return o;
    }

    private static List<Object> listOf(Object... os) {
        List<Object> l = new ArrayList<>(os.length);
        for (Object o : os) l.add(o);
        return l;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof List<?> l && !(o instanceof Tuple)) return (List<Object>) l;
        throw new UnsafePickleException(source + ": the pickle appends to " + describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw new UnsafePickleException(source + ": the pickle sets an item on " + describe(o) + ", not a dict");
    }

    /**
     * A dict key, which Python requires to be hashable: a list or dict key (or a tuple holding one) is refused, since
     * hashing it here could recurse without end (a list holding a tuple holding the list) or take exponential time
     * (a tuple of the same tuple twice, nested 60 times).
     */
    private Object key(Object k) {
        k = unwrap(k);
        if (!hashable(k, new int[] {MAX_KEY_ITEMS})) throw new UnsafePickleException(source + ": a dict key (" + describe(k) + ") is a list or dict, holds one, or is too large: not a hashable value");
        return k;
    }

    private static boolean hashable(Object k, int[] budget) {
        if (--budget[0] < 0) return false;
        if (k instanceof Tuple t) {
            for (Object o : t.items()) {
                if (!hashable(o, budget)) return false;
            }
            return true;
        }
        return k == null || k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Double || k instanceof BigInteger
                || k instanceof byte[];
    }

    private void putAll(Map<Object, Object> m, List<Object> items) {
        if (items.size() % 2 != 0) throw new UnsafePickleException(source + ": a dict with an odd number of keys and values");
        for (int i = 0; i < items.size(); i += 2) m.put(key(items.get(i)), items.get(i + 1));
    }

    private void memo(long key, Object v) {
        if (memo.size() >= MAX_MEMO) throw new UnsafePickleException(source + ": the pickle's memo grows past " + MAX_MEMO + " entries");
        memo.put(key, v);
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) throw new UnsafePickleException(source + ": the pickle reads memo entry " + key + ", which it never stored (corrupt?)");
        return memo.get(key);
    }

    // ---- reading ----

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException(source + ": the pickle is truncated");
        pos++;
        return b;
    }

    private int u16() throws IOException {
        return u8() | u8() << 8;
    }

    private int i32() throws IOException {
        return u8() | u8() << 8 | u8() << 16 | u8() << 24;
    }

    private long u32() throws IOException {
        return i32() & 0xffffffffL;
    }

    private long u64() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) u8() << (8 * i);
        return v;
    }

    private int count(long n) {
        if (n < 0 || n > MAX_STRING) throw new UnsafePickleException(source + ": the pickle declares a string or bytes of " + n + " bytes");
        return (int) n;
    }

    private byte[] bytes(int n) throws IOException {
        bytesRead += n;
        if (bytesRead > MAX_BYTES) throw new UnsafePickleException(source + ": the pickle's strings and bytes add up to more than " + MAX_BYTES + " bytes");
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException(source + ": the pickle is truncated (wanted " + n + " bytes, got " + b.length + ")");
        pos += n;
        return b;
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = u8();
            if (b == '\n') break;
            if (out.size() > 1 << 16) throw new UnsafePickleException(source + ": an overlong text line in the pickle");
            out.write(b);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A number or string in a text opcode (protocol 0): a malformed one is a corrupt pickle, named as such. */
    private <T> T parse(String opcode, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new UnsafePickleException(source + ": a malformed " + opcode + " argument '" + shown + "' before byte " + pos + " (corrupt?)", e);
        }
    }

    private static long memoKey(String s) {
        return Long.parseLong(s.trim());
    }

    private String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Object intLine(String s) {
        s = s.trim();
        if (s.equals("00")) return Boolean.FALSE;
        if (s.equals("01")) return Boolean.TRUE;
        return narrow(new BigInteger(s));
    }

    private static Object longLine(String s) {
        s = s.trim();
        if (s.endsWith("L")) s = s.substring(0, s.length() - 1);
        return narrow(new BigInteger(s));
    }

    /** Little-endian two's complement (LONG1, LONG4); PyTorch's legacy magic number is one. */
    private static Object longBytes(byte[] b) {
        if (b.length == 0) return 0L;
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) be[i] = b[b.length - 1 - i];
        return narrow(new BigInteger(be));
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String stringLiteral(String s) {
        s = s.trim();
        if (s.length() < 2 || (s.charAt(0) != '\'' && s.charAt(0) != '"')) throw new UnsafePickleException(source + ": a malformed STRING");
        return unicodeEscape(s.substring(1, s.length() - 1));
    }

    private static String unicodeEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char d = s.charAt(++i);
            switch (d) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'x' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> sb.append('\\').append(d);
            }
        }
        return sb.toString();
    }
}
