package textdive.text;

import java.io.IOException;

/** Finds malformed CSV rows (RFC 4180 quoting) before a table reader misreads them. */
final class CsvCheck {
    private CsvCheck() {}

    /**
     * Throws with the line number if a row has a different field count than the header or a quote
     * is left open; returns the length of the longest field (an upper bound).
     */
    static int checkRectangular(String text, String name) throws IOException {
        int n = text.length(), fields = 1, expected = -1, line = 1, rowStartLine = 1, fieldStart = 0, longest = 0;
        boolean quoted = false, atFieldStart = true, any = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') i++;
                    else quoted = false;
                } else if (c == '\n') line++;
                continue;
            }
            if (c == '"' && atFieldStart) {
                quoted = true;
                atFieldStart = false;
                any = true;
            } else if (c == ',') {
                longest = Math.max(longest, i - fieldStart);
                fieldStart = i + 1;
                fields++;
                atFieldStart = true;
                any = true;
            } else if (c == '\n' || c == '\r') {
                longest = Math.max(longest, i - fieldStart);
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                fieldStart = i + 1;
                if (any || fields > 1) {
                    if (expected < 0) expected = fields;
                    else if (fields != expected)
                        throw new IOException(name + " line " + rowStartLine + ": " + fields + " field(s), the header has " + expected);
                }
                line++;
                rowStartLine = line;
                fields = 1;
                atFieldStart = true;
                any = false;
            } else {
                atFieldStart = false;
                any = true;
            }
        }
        if (quoted) throw new IOException(name + " line " + rowStartLine + ": a quoted field is never closed");
        if (any && expected >= 0 && fields != expected)
            throw new IOException(name + " line " + rowStartLine + ": " + fields + " field(s), the header has " + expected);
        if (expected < 0 && !any) throw new IOException(name + " is empty (no header row)");
        return Math.max(longest, n - fieldStart);
    }
}
