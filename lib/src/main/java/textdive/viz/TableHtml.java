package textdive.viz;

import tech.tablesaw.api.Table;

/** A Tablesaw table as a plain HTML table, the way Jupyter shows a DataFrame. */
public final class TableHtml {
    private TableHtml() {}

    public static String toHtml(Table t) {
        StringBuilder sb = new StringBuilder("<table class=\"dataframe\">\n<thead><tr>");
        for (String name : t.columnNames()) sb.append("<th>").append(escape(name)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++)
                sb.append("<td>").append(escape(t.column(c).getString(r))).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
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
