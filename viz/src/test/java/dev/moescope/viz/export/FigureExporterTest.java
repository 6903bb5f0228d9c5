package dev.moescope.viz.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.curves.LayerCurves;
import dev.moescope.viz.curves.LayerCurvesCharts;
import dev.moescope.viz.dendrogram.Dendrogram;
import dev.moescope.viz.dendrogram.DendrogramLayout;
import dev.moescope.viz.dendrogram.DendrogramPainter;
import dev.moescope.viz.heatmap.ExpertCategories;
import dev.moescope.viz.heatmap.LayerExpertCharts;
import dev.moescope.viz.heatmap.LayerExpertValues;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class FigureExporterTest {
    @TempDir
    Path dir;

    static ExportableChart curves() {
        LayerCurves c = new LayerCurves("Exclusive experts per layer", "exclusive experts", List.of(
                new LayerCurves.Series("de", new double[] {1, 3, 5, 4}),
                new LayerCurves.Series("zh", new double[] {2, 6, Double.NaN, 9})));
        return ExportableChart.of(LayerCurvesCharts.build(c, null, PublicationStyle.STYLE), c.title(),
                PublicationStyle.ONE_COLUMN_WIDTH, 180);
    }

    static ExportableChart heatmap() {
        double[][] v = new double[6][10];
        v[2][3] = 1;
        return ExportableChart.of(LayerExpertCharts.sequential(new LayerExpertValues("Activation of de", "frequency", v),
                1, PublicationStyle.STYLE).chart(), "Activation of de", 400, 200);
    }

    /** 3 layers x 4 experts; only (1, 2) is fr's, and it is shared with de: fr appears in no other cell. */
    static ExportableChart splitCells() {
        int U = ExpertCategories.UNUSED;
        int[][][] cells = {{{0}, {U}, {U}, {U}}, {{U}, {U}, {0, 1}, {U}}, {{ExpertCategories.SHARED}, {U}, {U}, {0}}};
        ExpertCategories c = new ExpertCategories("Exclusive to two", List.of("de", "fr"), cells);
        return ExportableChart.of(LayerExpertCharts.categorical(c, PublicationStyle.STYLE).chart(), c.title(), 300, 200);
    }

    static ExportableChart dendrogram() {
        Dendrogram d = new Dendrogram("Language clustering", List.of("de", "nl", "fr"), List.of("Germanic", "Germanic", "Romance"),
                List.of(new Dendrogram.Merge(0, 1, 0.2), new Dendrogram.Merge(3, 2, 0.7)));
        return new DendrogramPainter(new DendrogramLayout(d), PublicationStyle.STYLE, 0.5);
    }

    @Test
    void pngIsTwiceTheLogicalSize() throws Exception {
        Path png = dir.resolve("c.png");
        FigureExporter.writePng(curves(), png, 237.6, 180);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(476, img.getWidth());
        assertEquals(360, img.getHeight());
        assertEquals(0xFFFFFFFF, img.getRGB(2, 2), "publication background is white");
    }

    @Test
    void svgIsXmlWithTitleTextAndVectorCells() throws Exception {
        for (ExportableChart fig : List.of(curves(), heatmap(), dendrogram())) {
            Path svg = dir.resolve("f.svg");
            FigureExporter.writeSvg(fig, svg, 300, 200);
            String text = Files.readString(svg);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Batik writes the SVG 1.0 DOCTYPE; do not fetch its DTD (tests run offline)
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getLocalName() == null
                    ? doc.getDocumentElement().getTagName() : doc.getDocumentElement().getLocalName());
            assertTrue(text.contains(">" + fig.title() + "<"), "title as text in " + fig.title());
            assertTrue(doc.getElementsByTagName("text").getLength() > 3, "text stays text");
        }
        String heat = Files.readString(writeSvg(heatmap()));
        assertTrue(!heat.contains("<image"), "heatmap cells are vector rectangles in SVG");
        assertTrue(heat.toLowerCase().contains("rgb(253,231,37)") || heat.toLowerCase().contains("#fde725"),
                "the hot cell's viridis colour appears");
    }

    @Test
    void svgPaintsACellExclusiveToTwoLanguagesAsVectorShapesOfBothColours() throws Exception {
        String text = Files.readString(writeSvg(splitCells()));
        assertTrue(!text.contains("<image"), "cells stay vector shapes");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String de = "rgb(0,114,178)", fr = "rgb(230,159,0)";
        int frShapes = 0, deTriangles = 0;
        for (String tag : List.of("rect", "path")) {
            var nodes = doc.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                org.w3c.dom.Element e = (org.w3c.dom.Element) nodes.item(i);
                String fill = effectiveFill(e);
                frShapes += fr.equals(fill) ? 1 : 0;
                // the de corner of the split cell: a path of three points (M, L, L, Z)
                if (tag.equals("path") && de.equals(fill) && e.getAttribute("d").matches("M[^A-Z]+L[^A-Z]+L[^A-Z]+Z")) {
                    deTriangles++;
                }
            }
        }
        assertEquals(2, frShapes, "fr's colour: its legend swatch and the split cell (fr owns no other cell)");
        assertEquals(1, deTriangles, "the split cell's top-left triangle in de's colour");
    }

    /** The fill an SVG element is painted with: its own style's fill, else the nearest ancestor's. */
    private static String effectiveFill(org.w3c.dom.Element e) {
        for (org.w3c.dom.Node n = e; n instanceof org.w3c.dom.Element el; n = n.getParentNode()) {
            for (String part : el.getAttribute("style").split(";")) {
                String[] kv = part.split(":", 2);
                if (kv.length == 2 && kv[0].trim().equals("fill")) {
                    return kv[1].trim().replace(" ", "");
                }
            }
        }
        return null;
    }

    private Path writeSvg(ExportableChart fig) throws Exception {
        Path svg = dir.resolve("h.svg");
        FigureExporter.writeSvg(fig, svg, 400, 200);
        return svg;
    }

    @Test
    void pdfHasOnePageOfTheFigureSize() throws Exception {
        for (ExportableChart fig : List.of(curves(), heatmap(), dendrogram(), splitCells())) {
            Path pdf = dir.resolve("f.pdf");
            FigureExporter.writePdf(fig, pdf, 237.6, 180);
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                assertEquals(1, doc.getNumberOfPages());
                PDRectangle box = doc.getPage(0).getMediaBox();
                assertEquals(237.6, box.getWidth(), 0.01);
                assertEquals(180, box.getHeight(), 0.01);
                assertEquals(fig.title(), doc.getDocumentInformation().getTitle());

            }
            assertTrue(Files.size(pdf) > 1000);
        }
    }

    @Test
    void rejectsNonsenseSizes() {
        assertThrows(IllegalArgumentException.class, () -> FigureExporter.renderImage(curves(), 0, 10, 2));
    }

    @Test
    void exportMenuWritesToTheInjectedLocationWithoutADialog() throws Exception {
        Path target = dir.resolve("chosen.pdf");
        ChartExportMenu menu = new ChartExportMenu(FigureExporterTest::curves);
        String[] suggested = {null};
        menu.setSaveLocationChooser((format, name, owner) -> {
            suggested[0] = name;
            return java.util.Optional.of(target);
        });
        menu.setOnError(e -> { throw new AssertionError(e); });
        assertEquals(target, menu.export(FigureFormat.PDF).orElseThrow());
        assertEquals("Exclusive_experts_per_layer.pdf", suggested[0]);
        assertTrue(Files.size(target) > 1000);
        Path png = dir.resolve("sized.png");
        menu.setSaveLocationChooser((format, name, owner) -> java.util.Optional.of(png));
        menu.setFigureSize(new FigureSize(100, 50));
        menu.export(FigureFormat.PNG);
        assertEquals(200, ImageIO.read(png.toFile()).getWidth(), "explicit size, 2x");
        menu.setSaveLocationChooser((format, name, owner) -> java.util.Optional.empty());
        assertTrue(menu.export(FigureFormat.SVG).isEmpty(), "cancel writes nothing");
    }
}
