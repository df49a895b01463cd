package textdive.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables show their title, and every number of a column with the same decimals (pandas' way). */
class TableStyleTest {
    @Test
    void aColumnsNumbersGetTheSameDecimals() {
        Table t = Table.create("padding", StringColumn.create("order", "random", "sortish", "sorted"),
                DoubleColumn.create("padding %", 283, 9.6, 1), DoubleColumn.create("accuracy", 0.4625, 0.59351, 0.123456789),
                LongColumn.create("tokens", 56902912L, 16291104L, 15009584L));
        Map<String, String> b = Renderers.render(t);
        String plain = b.get("text/plain");
        assertTrue(plain.contains("283.0") && plain.contains("9.6") && plain.contains(" 1.0 "), plain);
        assertTrue(plain.contains("0.462500") && plain.contains("0.593510") && plain.contains("0.123457"), plain);
        assertTrue(plain.contains("56902912"), plain);
        assertTrue(b.get("text/html").contains("<td>283.0</td>") && b.get("text/html").contains("<td>0.462500</td>"), b.get("text/html"));
        assertEquals(283.0, t.doubleColumn("padding %").get(0), "the table itself is unchanged");
        assertEquals("283", t.doubleColumn("padding %").getString(0).replace(".0", ""));
    }

    @Test
    void titlesStayInHtml() {
        Table t = Table.create("LMModel1: accuracy per epoch", DoubleColumn.create("x", 1.5));
        assertTrue(Renderers.render(t).get("text/html").contains("<caption>LMModel1: accuracy per epoch</caption>"));
    }

    @Test
    void tinyValuesKeepTablesawsFormat() {
        assertEquals(-1, TableStyle.decimals(new double[] {1e-7, 0.5}));
        assertEquals(1, TableStyle.decimals(new double[] {3, 4}));
        assertEquals(6, TableStyle.decimals(new double[] {0.15165200855716662}));
        assertEquals(-1, TableStyle.decimals(new double[] {Double.NaN}));
    }
}
