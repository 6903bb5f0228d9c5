/**
 * The workspace database: one SQLite file (WAL, foreign keys) per workspace, by default
 * {@code $XDG_DATA_HOME/moescope/moescope.db} or {@code ~/.local/share/moescope/moescope.db}.
 *
 * <p>Tables (schema in {@link dev.moescope.routing.store.Migrations}, numbered steps applied on open):
 * <ul>
 *   <li>{@code models}: checkpoint path, fingerprint (sha256 of config.json and the safetensors headers), layers,
 *       experts, top-k;</li>
 *   <li>{@code corpora}, {@code samples}: segment text per language, split and content hash;</li>
 *   <li>{@code runs}: a model over an ordered sample selection with an intervention and options, keyed by the hash of
 *       all of them, so the same request never computes twice; {@code run_samples} holds each sample's done marker
 *       and token ids;</li>
 *   <li>{@code traces}: one row per (run, sample) with the top-k expert ids {@code [L, T, k]} (u8 for at most 256
 *       experts, else u16), routing weights (f16) and router softmax entropy {@code [L, T]} (f16): 1152 + 96 bytes
 *       per token for 48 layers x top-8;</li>
 *   <li>{@code agg_layer}, {@code agg_expert}: the paper's recorder per run, language, layer (and expert): total
 *       tokens, softmax entropy sum, activation tokens, gate value sums (float32 weights summed in double);</li>
 *   <li>{@code eval_results}: cached held-out log-likelihoods of experiments.</li>
 * </ul>
 *
 * <p>Crash safety: a batch's done markers, traces and aggregate increments commit in one transaction, and a sample
 * only counts when its marker flips from 0 to 1, so a killed collection loses at most its open batch and a rerun
 * resumes without duplicates. Run {@link dev.moescope.routing.store.StoreBenchmark} for fill and reopen timings.
 */
package dev.moescope.routing.store;
