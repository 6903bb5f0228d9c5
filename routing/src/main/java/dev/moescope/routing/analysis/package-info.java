/**
 * Pure analyses of aggregated MoE routing statistics (no I/O, no JavaFX, no DJL, no SQL).
 *
 * <p>Input: {@link dev.moescope.routing.analysis.RoutingStats} (per language and MoE layer: token
 * counts, per-expert activation counts and gate sums, router entropy sums). Layers are always
 * named by their <em>decoder</em> layer index; array positions into {@code moeLayers} are called
 * layer indices.
 *
 * <ul>
 *   <li>{@link dev.moescope.routing.analysis.ActivationFrequency}: f and gate importance g</li>
 *   <li>{@link dev.moescope.routing.analysis.ExpertClassification}: exclusive and shared experts
 *       (top-k filter, share across languages, threshold)</li>
 *   <li>{@link dev.moescope.routing.analysis.SteeringCoefficients}, {@link dev.moescope.routing.analysis.SteeringExpertRule}:
 *       the paper's steering rule (over the targets only), its aggregate mode and the all-languages variant;
 *       {@link dev.moescope.routing.analysis.PaperSettings}: the paper's settings, scaled to a model's depth</li>
 *   <li>{@link dev.moescope.routing.analysis.LayerwiseProfile}: counts, entropies and divergence
 *       to a reference language, per layer</li>
 *   <li>{@link dev.moescope.routing.analysis.LanguageDistances},
 *       {@link dev.moescope.routing.analysis.HierarchicalClustering},
 *       {@link dev.moescope.routing.analysis.Dendrogram},
 *       {@link dev.moescope.routing.analysis.ClusterAgreement}: language similarity trees</li>
 *   <li>{@link dev.moescope.routing.analysis.ContrastiveExperts}: experts ranked by risk difference</li>
 *   <li>{@link dev.moescope.routing.analysis.CoActivationCounter}: expert co-activation counts</li>
 *   <li>{@link dev.moescope.routing.analysis.LayerBand}, {@link dev.moescope.routing.analysis.MaskSelection},
 *       {@link dev.moescope.routing.analysis.BitsPerByte},
 *       {@link dev.moescope.routing.analysis.MaskingDeltaTable}: masking experiments</li>
 * </ul>
 */
package dev.moescope.routing.analysis;
