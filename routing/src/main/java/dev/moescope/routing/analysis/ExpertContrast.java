package dev.moescope.routing.analysis;

/**
 * One expert's activation frequency in group A versus group B.
 *
 * @param decoderLayer   decoder layer index
 * @param expert         expert id
 * @param frequencyA     pooled frequency of group A (sum of activations / sum of tokens)
 * @param frequencyB     pooled frequency of group B
 * @param riskDifference frequencyA - frequencyB
 */
public record ExpertContrast(int decoderLayer, int expert, double frequencyA, double frequencyB, double riskDifference) {
}
