package dev.moescope.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.moescope.viz.curves.LayerCurves;
import dev.moescope.viz.curves.LayerCurvesCharts;
import dev.moescope.viz.heatmap.ExpertCategories;
import dev.moescope.viz.heatmap.LayerExpertCharts;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.Paint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.title.LegendTitle;
import org.junit.jupiter.api.Test;

class LanguageColorsTest {
    private final LanguageColors colors = LanguageColors.shared();

    @Test
    void aLanguageHasOneColourInTwoChartsWithOtherSelectionsAndOrders() {
        // the Layers tab's curves for en, de, ja
        JFreeChart curves = LayerCurvesCharts.build(new LayerCurves("JSD", "bits", List.of(
                new LayerCurves.Series("en", new double[] {0, 1}),
                new LayerCurves.Series("de", new double[] {1, 0}),
                new LayerCurves.Series("ja", new double[] {1, 1}))), colors::language, PublicationStyle.STYLE);
        Map<String, Paint> curveColors = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            curveColors.put(List.of("en", "de", "ja").get(i), curves.getXYPlot().getRenderer().getSeriesPaint(i));
        }
        // the Heatmap tab's exclusive experts for another selection, in another order: ja, fr, en
        ExpertCategories map = new ExpertCategories("exclusive", List.of("ja", "fr", "en"), new int[][] {{0, 1, 2}});
        Map<String, Paint> swatches = swatches(LayerExpertCharts.categorical(map, colors::language, PublicationStyle.STYLE).chart());

        assertEquals(curveColors.get("ja"), swatches.get("ja"));
        assertEquals(curveColors.get("en"), swatches.get("en"));
        assertEquals(colors.language("fr"), swatches.get("fr"));
        assertNotEquals(swatches.get("ja"), swatches.get("en"));
        assertNotEquals(swatches.get("ja"), swatches.get("fr"));
        // a corpus label takes its language's colour; the sum of all languages is neutral
        assertEquals(colors.language("en"), colors.language("eng_Latn"));
        assertEquals(dev.moescope.viz.palette.Palettes.SHARED_GREY, colors.language(LanguageColors.ALL_LANGUAGES));
    }

    @Test
    void thePapersTenLanguagesHaveTenDistinctColours() {
        List<String> ten = dev.moescope.resources.LanguageTable.PAPER_LANGUAGES;
        assertEquals(10, ten.stream().map(colors::language).distinct().count());
    }

    private static Map<String, Paint> swatches(JFreeChart chart) {
        Map<String, Paint> out = new HashMap<>();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof LegendTitle legend) {
                for (var source : legend.getSources()) {
                    for (var it = source.getLegendItems().iterator(); it.hasNext(); ) {
                        LegendItem item = (LegendItem) it.next();
                        out.put(item.getLabel(), item.getFillPaint());
                    }
                }
            }
        }
        return out;
    }
}
