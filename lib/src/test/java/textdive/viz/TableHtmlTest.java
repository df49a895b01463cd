package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {
    private static Table numbers(int rows) {
        int[] n = IntStream.range(0, rows).toArray();
        return Table.create("numbers", IntColumn.create("n", n),
                StringColumn.create("word", IntStream.range(0, rows).mapToObj(i -> "w" + i).toArray(String[]::new)));
    }

    /** Issue 12, item 3: a 100,000-row table sent 2.5 MB of HTML and took 12 s to render. */
    @Test
    void aLongTableShowsHeadTailAndItsSizeAsPandasDoes() {
        Map<String, String> shown = Renderers.render(numbers(100_000));
        String html = shown.get("text/html");
        assertTrue(html.length() < 3_000, "HTML of " + html.length() + " characters");
        assertEquals(TableHtml.MAX_ROWS + 1, html.split("<tr><td>", -1).length - 1, "10 + 10 rows and the … row");
        assertTrue(html.contains("<tr><td>0</td><td>w0</td></tr>") && html.contains("<tr><td>9</td><td>w9</td></tr>"), html);
        assertTrue(!html.contains("<td>10</td>") && html.contains("<tr><td>…</td><td>…</td></tr>"), html);
        assertTrue(html.contains("<tr><td>99990</td><td>w99990</td></tr>") && html.contains("<tr><td>99999</td><td>w99999</td></tr>"), html);
        assertTrue(html.endsWith("</table>\n<p>100,000 rows × 2 columns</p>"), html);
        assertTrue(shown.get("text/plain").length() < 2_000, "the text form is Tablesaw's print(): head and tail too");
    }

    @Test
    void aShortTableIsShownWhole() {
        String html = TableHtml.toHtml(numbers(TableHtml.MAX_ROWS));
        assertEquals(TableHtml.MAX_ROWS, html.split("<tr><td>", -1).length - 1);
        assertTrue(!html.contains("…") && html.endsWith("</table>"), html);
    }
}
