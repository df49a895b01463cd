package textdive.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads a CSV file (RFC 4180: a header row, comma-separated, {@code "} quotes fields that hold commas,
 * quotes or line breaks) into a table whose every column holds strings exactly as written. No type
 * is guessed, so {@code 01} and {@code 1} stay two labels, {@code 0042} stays {@code 0042} and
 * {@code 1e3} stays {@code 1e3}; no value is taken for missing ({@code NA}, {@code -}), and no
 * space is trimmed. A row with a stray quote or a missing field is an error naming its line,
 * instead of shifting columns silently.
 */
public final class Csv {
    private Csv() {}

    /** A table of strings, and the line each data row starts on (rows may span lines). */
    public record Read(Table table, int[] rowLines) {
        /** "data row 3 (line 5)" for row index 2. */
        public String describeRow(int row) {
            return "data row " + (row + 1) + " (line " + rowLines[row] + ")";
        }
    }

    /** Reads {@code csv}: UTF-8 (invalid bytes become U+FFFD, with a warning) or UTF-16 with a byte-order mark. */
    public static Read read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) throw new NoSuchFileException(csv.toString(), null, "CSV file does not exist");
        Documents.Decoded d = Documents.decode(Documents.read(csv));
        if (d.invalid() > 0)
            System.err.printf("warning: %s had %d invalid UTF-8 sequence(s), replaced by U+FFFD%n", csv, d.invalid());
        if (d.encoding() == Documents.Encoding.UTF16_BOM || d.encoding() == Documents.Encoding.UTF16_GUESSED)
            System.err.printf("warning: %s is UTF-16; decoded as UTF-16%n", csv);
        if (d.encoding() == Documents.Encoding.NUL_BYTES)
            System.err.printf("warning: %s contains NUL bytes (binary, or an encoding other than UTF-8 and UTF-16?)%n", csv);
        return parse(d.text(), csv.toString(), csv.getFileName().toString());
    }

    /** Parses CSV text; {@code name} names it in errors, {@code tableName} becomes the table's name. */
    static Read parse(String text, String name, String tableName) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int n = text.length(), line = 1, rowStartLine = 1;
        boolean quoted = false, atFieldStart = true, any = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) line++; // a lone CR ends a line too
                    field.append(c);
                }
                continue;
            }
            if (c == '"' && atFieldStart) {
                quoted = true;
                atFieldStart = false;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                if (any) { // a blank line is no row
                    row.add(field.toString());
                    endRow(rows, lines, row, rowStartLine, name);
                    row = new ArrayList<>();
                }
                field.setLength(0);
                line++;
                rowStartLine = line;
                atFieldStart = true;
                any = false;
            } else {
                field.append(c);
                atFieldStart = false;
                any = true;
            }
        }
        if (quoted) throw new IOException(name + " line " + rowStartLine + ": a quoted field is never closed");
        if (any) {
            row.add(field.toString());
            endRow(rows, lines, row, rowStartLine, name);
        }
        if (rows.isEmpty()) throw new IOException(name + " is empty (no header row)");
        List<String> header = rows.get(0);
        // a table trims column names and ignores their case: "a" and " A" would be one column to it
        Map<String, String> seen = new HashMap<>();
        for (String h : header) {
            String before = seen.putIfAbsent(h.trim().toLowerCase(Locale.ROOT), h);
            if (before == null) continue;
            if (before.equals(h)) throw new IOException(name + " line " + lines.get(0) + ": the header names column '" + h + "' twice");
            throw new IOException(name + " line " + lines.get(0) + ": the header's columns '" + before + "' and '" + h
                    + "' differ only in case or surrounding spaces, which a table does not tell apart");
        }
        if (rows.size() == 1) throw new IllegalArgumentException("CSV " + name + " has no data rows");
        Table table = Table.create(tableName);
        for (int c = 0; c < header.size(); c++) {
            StringColumn col = StringColumn.create(header.get(c), rows.size() - 1);
            for (int r = 1; r < rows.size(); r++) col.set(r - 1, rows.get(r).get(c));
            table.addColumns(col);
        }
        int[] rowLines = lines.subList(1, lines.size()).stream().mapToInt(Integer::intValue).toArray();
        return new Read(table, rowLines);
    }

    private static void endRow(List<List<String>> rows, List<Integer> lines, List<String> row, int line, String name) throws IOException {
        if (!rows.isEmpty() && row.size() != rows.get(0).size())
            throw new IOException(name + " line " + line + ": " + row.size() + " field(s), the header has " + rows.get(0).size());
        rows.add(row);
        lines.add(line);
    }
}
