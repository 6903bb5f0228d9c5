package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenExpertCounterTest {

    @Test
    void topOneSpecialisation() {
        // token 7: experts 2, 2, 2, 1 -> top 2, 3 of 4 = 0.75
        // token 9: experts 0, 3 -> tie, lower id 0, 1 of 2 = 0.5
        // token 5: expert 1 once -> 1.0
        TokenExpertCounter counter = new TokenExpertCounter(4);
        counter.addAll(new int[] {7, 9, 7, 5, 7, 9, 7}, new int[][] {{2}, {0}, {2}, {1}, {2}, {3}, {1}});
        assertEquals(new TokenExpertCounter.TokenSpecialisation(7, 4, 2, 3, 0.75), counter.profile(7));
        assertEquals(new TokenExpertCounter.TokenSpecialisation(9, 2, 0, 1, 0.5), counter.profile(9));
        assertEquals(List.of(5, 7, 9), counter.profiles().stream().map(TokenExpertCounter.TokenSpecialisation::tokenId).toList());
        // ranking by fraction; min count 2 drops token 5
        assertEquals(List.of(5, 7, 9), counter.ranked(1).stream().map(TokenExpertCounter.TokenSpecialisation::tokenId).toList());
        assertEquals(List.of(7, 9), counter.ranked(2).stream().map(TokenExpertCounter.TokenSpecialisation::tokenId).toList());
    }

    @Test
    void topKSpecialisationCountsEveryChosenExpert() {
        // token 3 with top-2 [0,1] [0,2] [0,1]: e0 3, e1 2, e2 1 -> e0 in 3 of 3 occurrences
        TokenExpertCounter counter = new TokenExpertCounter(3);
        counter.add(3, 0, 1);
        counter.add(3, 0, 2);
        counter.add(3, 0, 1);
        assertEquals(new TokenExpertCounter.TokenSpecialisation(3, 3, 0, 3, 1.0), counter.profile(3));
    }

    @Test
    void equalFractionsRankByOccurrencesThenTokenId() {
        TokenExpertCounter counter = new TokenExpertCounter(2);
        counter.add(4, 0);
        counter.add(2, 1);
        counter.add(8, 1);
        counter.add(8, 1);
        // all fractions 1.0: token 8 (2 occurrences) first, then 2 before 4
        assertEquals(List.of(8, 2, 4), counter.ranked(1).stream().map(TokenExpertCounter.TokenSpecialisation::tokenId).toList());
    }

    @Test
    void rejectsBadInput() {
        TokenExpertCounter counter = new TokenExpertCounter(2);
        assertThrows(IllegalArgumentException.class, () -> counter.add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> counter.add(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> counter.add(1));
        // a rejected occurrence leaves no trace
        assertThrows(IllegalArgumentException.class, () -> counter.profile(1));
        assertThrows(IllegalArgumentException.class, () -> counter.addAll(new int[] {1, 2}, new int[][] {{0}}));
    }
}
