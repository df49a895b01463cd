package textdive.viz;

import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw table as a plain HTML table, the way Jupyter shows a DataFrame, its title as the caption.
 * A long table shows its first and last {@value #EDGE_ROWS} rows and its size, as pandas does (and as
 * Tablesaw's own {@code print()} does for the text form): 100,000 rows make a few kilobytes, not
 * megabytes of HTML.
 */
public final class TableHtml {
    private TableHtml() {}

    /** Tables with more rows than this are shown as head and tail. */
    public static final int MAX_ROWS = 20;
    static final int EDGE_ROWS = 10;

    public static String toHtml(Table t) {
        StringBuilder sb = new StringBuilder("<table class=\"dataframe\">\n");
        if (t.name() != null && !t.name().isBlank()) sb.append("<caption>").append(escape(t.name())).append("</caption>\n");
        sb.append("<thead><tr>");
        for (String name : t.columnNames()) sb.append("<th>").append(escape(name)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        int n = t.rowCount();
        boolean cut = n > MAX_ROWS;
        for (int r = 0; r < (cut ? EDGE_ROWS : n); r++) row(t, r, sb);
        if (cut) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) sb.append("<td>…</td>");
            sb.append("</tr>\n");
            for (int r = n - EDGE_ROWS; r < n; r++) row(t, r, sb);
        }
        sb.append("</tbody>\n</table>");
        if (cut) {
            sb.append(String.format(Locale.ROOT, "\n<p>%,d rows × %,d column%s</p>", n, t.columnCount(),
                    t.columnCount() == 1 ? "" : "s"));
        }
        return sb.toString();
    }

    private static void row(Table t, int r, StringBuilder sb) {
        sb.append("<tr>");
        for (int c = 0; c < t.columnCount(); c++) sb.append("<td>").append(escape(t.column(c).getString(r))).append("</td>");
        sb.append("</tr>\n");
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
