package dev.moescope.viz.dendrogram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.export.FigureExporter;
import dev.moescope.viz.style.ChartTheme;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DendrogramTest {
    /**
     * Leaves 0 de, 1 fr, 2 nl, 3 es, 4 zh. Merges: 5 = (0 de, 2 nl) @0.2, 6 = (1 fr, 3 es) @0.3,
     * 7 = (5, 6) @0.6, 8 = (4 zh, 7) @0.9.
     */
    static Dendrogram five() {
        return Dendrogram.fromLinkage("Languages", List.of("de", "fr", "nl", "es", "zh"),
                List.of("Germanic", "Romance", "Germanic", "Romance", "Sinitic"),
                new double[][] {{0, 2, 0.2, 2}, {1, 3, 0.3, 2}, {5, 6, 0.6, 4}, {4, 7, 0.9, 5}});
    }

    @Test
    void leafOrderIsDepthFirstLeftChildFirst() {
        DendrogramLayout layout = new DendrogramLayout(five());
        assertArrayEquals(new int[] {4, 0, 2, 1, 3}, layout.leafOrder());
        assertEquals(1.5, layout.position(5), 1e-9); // de at 1, nl at 2
        assertEquals(0.9, layout.height(8), 1e-9);
    }

    @Test
    void cutGivesClustersOfSubtreesBelowIt() {
        DendrogramLayout layout = new DendrogramLayout(five());
        assertEquals(List.of(List.of(4), List.of(0, 2), List.of(1, 3)), layout.clustersAt(0.5));
        assertEquals(List.of(List.of(4), List.of(0, 2, 1, 3)), layout.clustersAt(0.6));
        assertEquals(5, layout.clustersAt(0.1).size());
        assertEquals(1, layout.clustersAt(2.0).size());
        assertEquals(1, layout.clustersAt(Double.NaN).size());
        assertArrayEquals(new int[] {1, 2, 1, 2, 0}, layout.clusterOfLeaf(0.5));
    }

    @Test
    void invalidMergesAreRejectedWithTheMergeNumber() {
        var labels = List.of("a", "b", "c");
        var groups = List.of("x", "x", "y");
        var tooMany = assertThrows(IllegalArgumentException.class, () -> new Dendrogram("t", labels, groups,
                List.of(new Dendrogram.Merge(0, 1, 1))));
        assertTrue(tooMany.getMessage().contains("need 2 merges"), tooMany.getMessage());
        var future = assertThrows(IllegalArgumentException.class, () -> new Dendrogram("t", labels, groups,
                List.of(new Dendrogram.Merge(0, 3, 1), new Dendrogram.Merge(1, 2, 2))));
        assertTrue(future.getMessage().contains("merge 0 refers to node 3"), future.getMessage());
        var reuse = assertThrows(IllegalArgumentException.class, () -> new Dendrogram("t", labels, groups,
                List.of(new Dendrogram.Merge(0, 1, 1), new Dendrogram.Merge(0, 2, 2))));
        assertTrue(reuse.getMessage().contains("reuses node 0"), reuse.getMessage());
    }

    @Test
    void painterDrawsLeafSwatchesInGroupColoursInLeafOrder() {
        DendrogramPainter painter = new DendrogramPainter(new DendrogramLayout(five()), ChartTheme.LIGHT.style(), 0.5);
        BufferedImage img = FigureExporter.renderImage(painter, 300, 300, 1);
        int[] order = new DendrogramLayout(five()).leafOrder();
        for (int row = 0; row < order.length; row++) {
            int y = (int) painter.rowCenterY(row);
            int expected = painter.groupColor(five().leafGroups().get(order[row])).getRGB();
            assertEquals(expected, img.getRGB(6, y), "swatch of row " + row);
        }
        assertEquals(row(painter, 300), -1);
    }

    private static int row(DendrogramPainter p, double y) {
        return p.rowAt(y);
    }

    @Test
    void sixtyLeavesFitWithReadableRows() {
        int n = 60;
        List<String> labels = new ArrayList<>(), groups = new ArrayList<>();
        List<Dendrogram.Merge> merges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add("lang" + i);
            groups.add("family" + (i % 7));
        }
        int prev = 0;
        for (int k = 0; k < n - 1; k++) { // a chain: ((0,1),2),3)...
            merges.add(new Dendrogram.Merge(prev, k + 1, k + 1.0));
            prev = n + k;
        }
        DendrogramPainter painter = new DendrogramPainter(new DendrogramLayout(new Dendrogram("60", labels, groups, merges)),
                ChartTheme.LIGHT.style(), 30.5);
        FigureExporter.renderImage(painter, 420, 60 * 14 + 110, 1);
        assertTrue(painter.rowCenterY(1) - painter.rowCenterY(0) >= 12, "row height for 11px labels");
    }
}
