package dev.moescope.cli;

import dev.moescope.routing.store.RunInfo;

import java.util.List;

/**
 * What an ids-only run (collected from a vLLM / SGLang server) lacks, said once for every command: the engines
 * return expert ids only, so gate weights and router entropy are absent, and outputs leave them empty (null in
 * JSON, an empty CSV cell) instead of printing zeros.
 */
final class IdsOnlyRuns {
    private IdsOnlyRuns() {
    }

    /** Whether every run carries gate weights and router entropy. */
    static boolean weighted(List<RunInfo> runs) {
        return runs.stream().allMatch(r -> r.content().hasGateWeights());
    }

    /** The sentence explaining what is missing, or null when nothing is. */
    static String note(List<RunInfo> runs) {
        List<RunInfo> idsOnly = runs.stream().filter(r -> !r.content().hasGateWeights()).toList();
        if (idsOnly.isEmpty()) {
            return null;
        }
        RunInfo r = idsOnly.get(0);
        return "run " + r.id() + " is " + r.content().dbValue() + (r.source() == null ? "" : " (from " + r.source() + ")")
                + ": the engine returns expert ids only, so gate weights and router entropy were not recorded and are "
                + "left empty; counts, frequencies, classifications and distances are exact";
    }
}
