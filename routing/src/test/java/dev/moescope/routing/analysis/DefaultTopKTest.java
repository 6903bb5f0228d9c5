package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DefaultTopKTest {
    @Test
    void thePapersFifteenOf128ScalesToTheModel() {
        assertEquals(15, ExpertClassification.defaultTopK(128));
        assertEquals(8, ExpertClassification.defaultTopK(64));
        assertEquals(7, ExpertClassification.defaultTopK(60));
        assertEquals(4, ExpertClassification.defaultTopK(32));
        assertEquals(2, ExpertClassification.defaultTopK(16));
        assertEquals(1, ExpertClassification.defaultTopK(8));
        assertEquals(1, ExpertClassification.defaultTopK(1));
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.defaultTopK(0));
    }
}
