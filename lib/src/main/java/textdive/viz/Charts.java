package textdive.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The course's chart style: a light theme close to matplotlib's defaults (white background, light grid,
 * no plot border, the legend inside the plot), so charts read like the book's figures.
 */
public final class Charts {
    private Charts() {}

    /** A 640 x 360 XY chart with the course's style. */
    public static XYChart xy(String title, String xTitle, String yTitle) {
        return light(new XYChartBuilder().width(640).height(360).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build());
    }

    /** Applies the course's light style to any XY chart and returns it. */
    public static XYChart light(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(new Color(0xE5E5E5));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setAxisTickMarksColor(new Color(0x555555));
        s.setAxisTickLabelsColor(new Color(0x333333));
        s.setChartFontColor(new Color(0x222222));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendBorderColor(new Color(0xCCCCCC));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setSeriesColors(new Color[] {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)});
        s.setAntiAlias(true);
        return chart;
    }
}
