package textdive.viz;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * How a table is shown: as pandas does, every number of a floating-point column with the same number
 * of decimals, the most any of its values needs, at most {@value #MAX_DECIMALS} ({@code 283.0},
 * {@code 9.6}, {@code 1.0}; {@code 0.462500}, {@code 0.593510}). A column with tiny or huge values keeps
 * Tablesaw's own format. The table itself is not changed: {@link #forDisplay} styles a copy.
 */
public final class TableStyle {
    /** pandas' default display precision. */
    public static final int MAX_DECIMALS = 6;

    private TableStyle() {}

    /** A copy of {@code t} whose floating-point columns print with one number of decimals each. */
    public static Table forDisplay(Table t) {
        Table copy = t.copy();
        copy.setName(t.name());
        for (Column<?> c : copy.columns()) {
            if (c instanceof DoubleColumn d) {
                int decimals = decimals(d.asDoubleArray());
                if (decimals >= 0) d.setPrintFormatter(formatter(decimals));
            } else if (c instanceof FloatColumn f) {
                int decimals = decimals(f.asDoubleArray());
                if (decimals >= 0) f.setPrintFormatter(formatter(decimals));
            }
        }
        return copy;
    }

    /** The decimals every value of a column gets, or -1 to keep Tablesaw's format (scientific range, or no values). */
    static int decimals(double[] values) {
        int most = 1;
        boolean any = false;
        for (double v : values) {
            if (Double.isNaN(v) || Double.isInfinite(v)) continue;
            double a = Math.abs(v);
            if (a != 0 && (a < 1e-4 || a >= 1e15)) return -1;
            any = true;
            int scale = new BigDecimal(Double.toString(v)).stripTrailingZeros().scale();
            most = Math.max(most, Math.min(scale, MAX_DECIMALS));
        }
        return any ? most : -1;
    }

    private static NumberColumnFormatter formatter(int decimals) {
        DecimalFormat f = new DecimalFormat("0." + "0".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
        return new NumberColumnFormatter(f, "");
    }
}
