package dev.moescope.app.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.Stats;
import dev.moescope.viz.heatmap.ExpertCategories;
import dev.moescope.viz.heatmap.LayerExpertValues;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapViewModelTest {
    @Test
    void frequencyIsActivationsOverTokens() {
        var v = (LayerExpertValues) HeatmapViewModel.compute(Stats.twoLanguages(), HeatmapViewModel.Mode.FREQUENCY, "de", null, 2, 0.4);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, v.values()[0], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 1}, v.values()[1], 1e-12);
    }

    @Test
    void differenceIsAMinusB() {
        var v = (LayerExpertValues) HeatmapViewModel.compute(Stats.twoLanguages(), HeatmapViewModel.Mode.DIFFERENCE, "en", "de", 2, 0.4);
        assertArrayEquals(new double[] {0.6, -0.1, -0.5, 0}, v.values()[0], 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapViewModel.compute(Stats.twoLanguages(), HeatmapViewModel.Mode.DIFFERENCE, "en", null, 2, 0.4));
    }

    @Test
    void exclusiveSharedColoursExclusiveCellsByLanguageAndSharedNeutral() {
        var c = (ExpertCategories) HeatmapViewModel.compute(Stats.twoLanguages(), HeatmapViewModel.Mode.EXCLUSIVE_SHARED, null, null, 2, 0.6);
        assertEquals(List.of("en", "de"), c.categories());
        // thr 0.6, layer 1: expert 0 only en, expert 1 both (shares 0.44/0.56: shared), expert 2 only de, 3 nobody
        assertArrayEquals(new int[][] {{0}, {ExpertCategories.SHARED}, {1}, {ExpertCategories.UNUSED}}, c.cells()[0]);
        // layer 3: en uses 0 and 1, de only 3: all exclusive
        assertArrayEquals(new int[][] {{0}, {0}, {ExpertCategories.UNUSED}, {1}}, c.cells()[1]);
    }

    @Test
    void anExpertExclusiveToTwoLanguagesBelowHalfKeepsBoth() {
        // thr 0.4 < 0.5, layer 1: expert 1 has shares en 0.44 and de 0.56, both > 0.4: exclusive to both
        var c = (ExpertCategories) HeatmapViewModel.compute(Stats.twoLanguages(), HeatmapViewModel.Mode.EXCLUSIVE_SHARED, null, null, 2, 0.4);
        assertArrayEquals(new int[][] {{0}, {0, 1}, {1}, {ExpertCategories.UNUSED}}, c.cells()[0]);
        assertEquals(List.of("en", "de"), c.exclusiveNames(0, 1));
        assertEquals("exclusive to 2: en, de", c.describe(0, 1));
        assertEquals(6, c.exclusiveCells(1), "6 exclusive slots: 3 per layer, the two-language one counted once");
        assertEquals(1, c.exclusiveCells(2));
        assertEquals(0, c.sharedCells());
    }

    @Test
    void cardAndStatusLineNameEveryLanguageOfAnExpertExclusiveToTwo() throws Exception {
        HeatmapViewModel vm = new HeatmapViewModel(BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.setStats(Stats.twoLanguages(), List.of(new LanguageRef("en", "English", "Indo-European"),
                new LanguageRef("de", "German", "Indo-European")));
        vm.kProperty().set(2);
        vm.thresholdProperty().set(0.4);
        vm.modeProperty().set(HeatmapViewModel.Mode.EXCLUSIVE_SHARED);
        assertTrue(vm.categoriesProperty().get() != null
                && vm.categoriesProperty().get().title().contains("thr=0.4"), "categories");
        assertEquals("6 exclusive and 0 shared expert slots over 2 layers (1 of the exclusive ones is exclusive to 2+ "
                + "languages at once)", vm.summaryProperty().get());
        vm.select(0, 1);
        ExpertCard card = vm.cardProperty().get();
        assertEquals(List.of("en", "de"), card.exclusiveTo());
        assertEquals("exclusive to en and de", card.classification());
        assertEquals("exclusive to English and German", card.classification(vm::name));
        vm.select(0, 2);
        assertEquals("exclusive to de", vm.cardProperty().get().classification());
        // k as large as the experts per layer: the top-k is every expert a language uses, and the status line says so
        assertFalse(vm.summaryProperty().get().contains("experts per layer"), "k=2 of 4 experts is a real top-k");
        vm.kProperty().set(4);
        assertTrue(vm.summaryProperty().get().endsWith(" · k=4 ≥ 4 experts per layer: each language's top-k holds every "
                + "expert it uses, so only experts no other language uses are exclusive (lower k)"), vm.summaryProperty().get());
    }

    @Test
    void statsDriveTheGridAndClickingOpensTheExpertCard() throws Exception {
        HeatmapViewModel vm = new HeatmapViewModel(BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.setStats(Stats.twoLanguages(), List.of(new LanguageRef("en", "English", "Indo-European")));
        assertTrue(vm.valuesProperty().get() != null, "values");
        assertEquals("en", vm.languageAProperty().get());
        assertEquals("de", vm.languageBProperty().get());
        vm.thresholdProperty().set(0.6);
        vm.modeProperty().set(HeatmapViewModel.Mode.EXCLUSIVE_SHARED);
        assertTrue(vm.categoriesProperty().get() != null, "categories");
        assertNull(vm.valuesProperty().get());
        vm.select(0, 1);
        ExpertCard card = vm.cardProperty().get();
        assertNotNull(card);
        assertEquals(1, card.decoderLayer());
        assertEquals("shared", card.classification());
        assertEquals("de", card.uses().get(0).language(), "de uses expert 1 more (0.5 > 0.4)");
        assertEquals(0.5, card.uses().get(0).frequency(), 1e-12);
    }
}
