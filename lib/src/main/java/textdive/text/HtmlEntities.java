package textdive.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * HTML character-reference decoding as the HTML5 standard defines it (named references from the
 * standard's table, numeric ones with its repairs), i.e. what Python's {@code html.unescape} does.
 */
final class HtmlEntities {
    private static final Map<String, String> NAMED = load();
    private static final int MAX_NAME = 32;

    private HtmlEntities() {}

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>(4096);
        try (InputStream in = HtmlEntities.class.getResourceAsStream("html5-entities.tsv")) {
            if (in == null) throw new IllegalStateException("missing resource textdive/text/html5-entities.tsv");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                StringBuilder v = new StringBuilder();
                for (String hex : line.substring(tab + 1).split(" ")) v.appendCodePoint(Integer.parseInt(hex, 16));
                m.put(line.substring(0, tab), v.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** Replaces every character reference ({@code &copy;}, {@code &#169;}, {@code &#xA9;}) in {@code s}. */
    static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (amp >= 0) {
            out.append(s, i, amp);
            int end = decodeAt(s, amp, out);
            if (end < 0) { // not a reference: keep the '&'
                out.append('&');
                i = amp + 1;
            } else {
                i = end;
            }
            amp = s.indexOf('&', i);
        }
        out.append(s, i, n);
        return out.toString();
    }

    /** Decodes the reference starting at {@code s[amp] == '&'} into out; returns its end, or -1. */
    private static int decodeAt(String s, int amp, StringBuilder out) {
        int n = s.length(), p = amp + 1;
        if (p >= n) return -1;
        if (s.charAt(p) == '#') {
            boolean hex = p + 1 < n && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X');
            int q = hex ? p + 2 : p + 1, start = q;
            long num = 0;
            while (q < n && Character.digit(s.charAt(q), hex ? 16 : 10) >= 0 && (hex ? isHex(s.charAt(q)) : isDigit(s.charAt(q)))) {
                if (num <= 0x10FFFF) num = num * (hex ? 16 : 10) + Character.digit(s.charAt(q), 16);
                q++;
            }
            if (q == start) return -1;
            if (q < n && s.charAt(q) == ';') q++;
            appendCodePoint(num, out);
            return q;
        }
        int q = p;
        while (q < n && q - p < MAX_NAME && !isNameStop(s.charAt(q))) q++;
        boolean semi = q < n && s.charAt(q) == ';';
        String name = s.substring(p, q) + (semi ? ";" : "");
        String v = NAMED.get(name);
        if (v != null) {
            out.append(v);
            return q + (semi ? 1 : 0);
        }
        // the longest known name that is a prefix (legacy references without ';', e.g. "&copy 2020")
        for (int len = name.length() - 1; len > 1; len--) {
            v = NAMED.get(name.substring(0, len));
            if (v != null) {
                out.append(v);
                return p + len;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isNameStop(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';';
    }

    private static void appendCodePoint(long num, StringBuilder out) {
        if (num == 0) { out.append('\uFFFD'); return; }
        if (num == 0x0d) { out.append('\r'); return; }
        if (num >= 0x80 && num <= 0x9f) { out.append(windows1252((int) num)); return; }
        if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) { out.append('\uFFFD'); return; }
        int c = (int) num;
        boolean invalid = (c >= 0x1 && c <= 0x8) || c == 0xb || (c >= 0xe && c <= 0x1f) || c == 0x7f
                || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
        if (!invalid) out.appendCodePoint(c);
    }

    /** The HTML5 repair of C1 control references: read them as Windows-1252. */
    private static char windows1252(int c) {
        String m = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f"
                + "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
        return m.charAt(c - 0x80);
    }
}
