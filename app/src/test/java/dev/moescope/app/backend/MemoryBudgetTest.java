package dev.moescope.app.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.sidebar.SidebarViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model panel's memory budget: the inspection and the load make the same resident/streamed choice as the
 * CLI's {@code --max-resident-memory}, and a streamed model says that it collects but does not generate.
 */
class MemoryBudgetTest {
    @TempDir
    Path tmp;

    private Path tinyModel() throws Exception {
        return Path.of(getClass().getResource("/dev/moescope/app/tiny-model").toURI());
    }

    @Test
    void aBudgetBelowTheWeightsInspectsAndLoadsStreamed() throws Exception {
        CoreBackend b = new CoreBackend(tmp.resolve("s.db"));
        Backend.Inspection streamed = b.inspect(tinyModel(), "CPU", 1024);
        assertTrue(streamed.fits(), streamed.memoryNote());
        assertTrue(streamed.memoryNote().startsWith("Runs streamed, layer by layer"), streamed.memoryNote());
        assertTrue(streamed.memoryNote().contains("generation and steering need the model resident"), streamed.memoryNote());
        try (ModelSession s = b.open(tinyModel(), "CPU", 1024)) {
            assertTrue(s.info().summary().endsWith("CPU · streamed layer by layer (collection only)"), s.info().summary());
        }
    }

    @Test
    void theDefaultBudgetInspectsAndLoadsResident() throws Exception {
        CoreBackend b = new CoreBackend(tmp.resolve("s.db"));
        Backend.Inspection resident = b.inspect(tinyModel(), "CPU", 0);
        assertTrue(resident.memoryNote().contains("Runs resident"), resident.memoryNote());
        try (ModelSession s = b.open(tinyModel(), "CPU", 0)) {
            assertFalse(s.info().summary().contains("streamed"), s.info().summary());
        }
    }

    @Test
    void thePanelsBudgetTextParsesLikeTheCliOption() {
        assertEquals(0, SidebarViewModel.budgetBytes("auto"));
        assertEquals(0, SidebarViewModel.budgetBytes(" "));
        assertEquals(8L << 30, SidebarViewModel.budgetBytes("8g"));
        assertEquals(500L << 20, SidebarViewModel.budgetBytes("500m"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SidebarViewModel.budgetBytes("lots"));
        assertTrue(e.getMessage().contains("'lots'") && e.getMessage().startsWith("Memory budget"), e.getMessage());
    }
}
