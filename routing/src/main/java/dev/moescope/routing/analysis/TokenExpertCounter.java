package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token specialisation at one layer: for each token id, how often it occurred and which expert
 * served most of its occurrences.
 *
 * <p>Feed occurrences with {@link #add(int, int...)}, passing the token's top-1 expert or its
 * whole top-k. With top-k, an occurrence counts for every expert in it, so an expert's fraction
 * is the share of the token's occurrences whose top-k contained it (fractions of different experts
 * then sum to k). Not thread-safe.
 */
public final class TokenExpertCounter {

    /**
     * @param tokenId     token id
     * @param occurrences times the token occurred
     * @param topExpert   expert with the most of its occurrences (lower id on ties)
     * @param topCount    occurrences that included topExpert
     * @param fraction    topCount / occurrences
     */
    public record TokenSpecialisation(int tokenId, long occurrences, int topExpert, long topCount, double fraction) {
    }

    private static final Comparator<TokenSpecialisation> RANKING = Comparator
            .comparingDouble(TokenSpecialisation::fraction).reversed()
            .thenComparing(Comparator.comparingLong(TokenSpecialisation::occurrences).reversed())
            .thenComparingInt(TokenSpecialisation::tokenId);

    private final int numExperts;
    private final Map<Integer, long[]> countsByToken = new HashMap<>(); // token -> [expert] count
    private final Map<Integer, Long> occurrencesByToken = new HashMap<>();

    public TokenExpertCounter(int numExperts) {
        if (numExperts < 1) {
            throw new IllegalArgumentException("numExperts must be >= 1, got " + numExperts);
        }
        this.numExperts = numExperts;
    }

    /** Counts one occurrence of a token routed to the given expert(s). */
    public void add(int tokenId, int... experts) {
        if (experts.length == 0) {
            throw new IllegalArgumentException("token " + tokenId + ": an occurrence needs at least one expert");
        }
        for (int i = 0; i < experts.length; i++) {
            int e = experts[i];
            if (e < 0 || e >= numExperts) {
                throw new IllegalArgumentException("token " + tokenId + ": expert id " + e + " outside [0, " + numExperts + ")");
            }
            for (int j = 0; j < i; j++) {
                if (experts[j] == e) {
                    throw new IllegalArgumentException("token " + tokenId + ": expert " + e + " listed twice in one occurrence");
                }
            }
        }
        long[] counts = countsByToken.computeIfAbsent(tokenId, t -> new long[numExperts]);
        for (int e : experts) {
            counts[e]++;
        }
        occurrencesByToken.merge(tokenId, 1L, Long::sum);
    }

    /**
     * Counts a sequence: {@code tokenIds[t]} routed to {@code expertsPerToken[t]} (one row per
     * token, top-1 as a single column).
     */
    public void addAll(int[] tokenIds, int[][] expertsPerToken) {
        if (tokenIds.length != expertsPerToken.length) {
            throw new IllegalArgumentException(tokenIds.length + " token ids but " + expertsPerToken.length + " expert rows");
        }
        for (int t = 0; t < tokenIds.length; t++) {
            add(tokenIds[t], expertsPerToken[t]);
        }
    }

    /** Specialisation of every token seen, by ascending token id. */
    public List<TokenSpecialisation> profiles() {
        List<TokenSpecialisation> result = new ArrayList<>();
        countsByToken.keySet().stream().sorted().forEach(token -> result.add(profile(token)));
        return result;
    }

    /** Tokens with at least {@code minCount} occurrences, most specialised first. */
    public List<TokenSpecialisation> ranked(long minCount) {
        return profiles().stream().filter(p -> p.occurrences() >= minCount).sorted(RANKING).toList();
    }

    /** Specialisation of one token; fails for a token never seen. */
    public TokenSpecialisation profile(int tokenId) {
        long[] counts = countsByToken.get(tokenId);
        if (counts == null) {
            throw new IllegalArgumentException("token " + tokenId + " was never counted");
        }
        int best = 0;
        for (int e = 1; e < numExperts; e++) {
            if (counts[e] > counts[best]) {
                best = e;
            }
        }
        long occurrences = occurrencesByToken.get(tokenId);
        return new TokenSpecialisation(tokenId, occurrences, best, counts[best], (double) counts[best] / occurrences);
    }
}
