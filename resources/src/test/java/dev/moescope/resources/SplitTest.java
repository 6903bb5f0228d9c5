package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void preambleAndArticles1To24TrainAndArticles25To30HeldOut() {
        assertEquals(Segment.Split.TRAIN, Segment.Split.forArticle(0));
        assertEquals(Segment.Split.TRAIN, Segment.Split.forArticle(1));
        assertEquals(Segment.Split.TRAIN, Segment.Split.forArticle(24));
        assertEquals(Segment.Split.HELDOUT, Segment.Split.forArticle(25));
        assertEquals(Segment.Split.HELDOUT, Segment.Split.forArticle(30));
        assertThrows(IllegalArgumentException.class, () -> Segment.Split.forArticle(-1));
        assertThrows(IllegalArgumentException.class, () -> Segment.Split.forArticle(31));
    }

    @Test
    void segmentIdsAndArticleRange() {
        assertEquals("preamble", Segment.udhrId(0));
        assertEquals("article-07", Segment.udhrId(7));
        assertEquals("article-30", Segment.udhrId(30));
        assertThrows(IllegalArgumentException.class, () -> new Segment("en", "x", 31, "t", Segment.Split.TRAIN));
    }

    @Test
    void userSplitHoldsOutAboutAFifthByIdOnly() {
        int heldOut = 0;
        for (int i = 1; i <= 10_000; i++) {
            if (UserSplits.forId(Integer.toString(i)) == Segment.Split.HELDOUT) {
                heldOut++;
            }
        }
        assertTrue(heldOut > 1_700 && heldOut < 2_300, "held out " + heldOut);
        assertEquals(UserSplits.forId("sentence-42"), UserSplits.forId("sentence-42"));
    }
}
