package dev.moescope.routing.analysis;

import java.util.List;

/**
 * Result of a masking experiment in one layer band: for each masked language m (whose exclusive
 * experts were switched off) and each evaluated language x, the bits per byte on x, compared with
 * the unmasked model.
 *
 * @param band               name of the layer band, e.g. "middle"
 * @param maskedLanguages    rows: language whose experts were masked
 * @param evaluatedLanguages columns: language of the evaluation text
 * @param baselineBpb        [x] bits per byte without masking
 * @param maskedBpb          [m][x] bits per byte with m's experts masked
 */
public record MaskingDeltaTable(String band, List<String> maskedLanguages, List<String> evaluatedLanguages,
                                double[] baselineBpb, double[][] maskedBpb) {

    public MaskingDeltaTable {
        maskedLanguages = List.copyOf(maskedLanguages);
        evaluatedLanguages = List.copyOf(evaluatedLanguages);
        if (baselineBpb.length != evaluatedLanguages.size()) {
            throw new IllegalArgumentException("band " + band + ": " + baselineBpb.length + " baseline values for evaluated languages " + evaluatedLanguages);
        }
        // LabeledMatrix checks the [m][x] shape with a clear message.
        new LabeledMatrix(maskedLanguages, evaluatedLanguages, maskedBpb);
        baselineBpb = baselineBpb.clone();
        double[][] copy = new double[maskedBpb.length][];
        for (int m = 0; m < maskedBpb.length; m++) {
            copy[m] = maskedBpb[m].clone();
        }
        maskedBpb = copy;
    }

    /** [m][x] = maskedBpb[m][x] - baselineBpb[x]: how much masking m's experts hurt language x. */
    public LabeledMatrix delta() {
        double[][] delta = new double[maskedBpb.length][evaluatedLanguages.size()];
        for (int m = 0; m < maskedBpb.length; m++) {
            for (int x = 0; x < delta[m].length; x++) {
                delta[m][x] = maskedBpb[m][x] - baselineBpb[x];
            }
        }
        return new LabeledMatrix(maskedLanguages, evaluatedLanguages, delta);
    }

    /** Delta on the masked language itself (the diagonal). */
    public double ownLanguageDelta(String language) {
        return delta().get(language, language);
    }

    /** Mean delta on every evaluated language other than the masked one (NaN if there is none). */
    public double meanOtherLanguageDelta(String maskedLanguage) {
        LabeledMatrix delta = delta();
        double sum = 0;
        int count = 0;
        for (String evaluated : evaluatedLanguages) {
            if (!evaluated.equals(maskedLanguage)) {
                sum += delta.get(maskedLanguage, evaluated);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
