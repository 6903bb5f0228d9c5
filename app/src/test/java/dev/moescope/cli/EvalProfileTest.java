package dev.moescope.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layerwise profile on synthetic counts: 3 languages, 4 layers of 8 experts, top-2. */
class EvalProfileTest {

    private static final List<String> LANGS = List.of("en", "de", "zh");

    /** Language l uses experts 2l and 2l+1 only (disjoint per language). */
    private static int[] disjoint(int l) {
        int[] c = new int[8];
        c[2 * l] = 100;
        c[2 * l + 1] = 100;
        return c;
    }

    /** Every language uses every expert alike. */
    private static int[] uniform() {
        int[] c = new int[8];
        java.util.Arrays.fill(c, 25);
        return c;
    }

    private static Map<String, int[][]> counts(boolean middleShared) {
        Map<String, int[][]> m = new LinkedHashMap<>();
        for (int l = 0; l < LANGS.size(); l++) {
            int[] mid = middleShared ? uniform() : disjoint(l);
            int[] outer = middleShared ? disjoint(l) : uniform();
            m.put(LANGS.get(l), new int[][] {outer, mid, mid.clone(), outer.clone()});
        }
        return m;
    }

    @Test
    void disjointLayersAreExclusiveAndFarUniformLayersShared() {
        EvalProfile p = EvalProfile.of(counts(true), 2, "en", 2, 0.4);
        assertEquals(4, p.layers().size());
        EvalProfile.Layer first = p.layers().get(0);
        assertEquals(1.0, first.meanJsd(), 1e-9, "disjoint usage: JSD 1 bit");
        assertEquals(6, first.exclusive(), "each language's two experts are its own");
        assertEquals(0, first.shared());
        EvalProfile.Layer mid = p.layers().get(1);
        assertEquals(0.0, mid.meanJsd(), 1e-9);
        assertEquals(0, mid.exclusive());
        assertEquals(2, mid.shared(), "top-2 of a tie are experts 0 and 1 for everyone; share 1/3 < 0.4");
        List<EvalProfile.Band> bands = p.bands();
        assertEquals(List.of("early", "middle", "late"), bands.stream().map(EvalProfile.Band::name).toList());
        assertEquals(1, bands.get(1).first());
        assertEquals(2, bands.get(1).last());
        assertTrue(p.summary().endsWith("So the middle layers are more shared than the early and late ones"
                + " (more shared experts and routing closer to the reference)."), p.summary());
    }

    @Test
    void saysSoWhenTheMiddleIsNotMoreShared() {
        EvalProfile p = EvalProfile.of(counts(false), 2, "en", 2, 0.4);
        assertEquals(1.0, p.bands().get(1).meanJsd(), 1e-9);
        assertEquals(0.0, p.bands().get(0).meanJsd(), 1e-9);
        assertTrue(p.summary().endsWith("So the middle layers are not more shared than the early and late ones."),
                p.summary());
    }
}
