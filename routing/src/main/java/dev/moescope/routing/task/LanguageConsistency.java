package dev.moescope.routing.task;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.IsoCode639_3;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a text is in the expected language, by Lingua (com.github.pemistahl:lingua 1.2.2) over a set of candidate
 * languages: only their models are loaded (a detector over all 75 languages would load ~1 GB). Labels such as
 * "en", "eng", "eng_Latn", "zh-Hans" or "pt_BR" map by their first subtag (ISO 639-1 or 639-3) to Lingua's
 * languages; "zh" is Chinese in any script (Lingua does not tell scripts apart).
 */
public final class LanguageConsistency implements AutoCloseable {
    /** Detector name and version, part of a cache key. */
    public static final String DETECTOR = "lingua-1.2.2";

    private final Set<Language> candidates;
    private final boolean lowAccuracy;
    private LanguageDetector detector;

    /**
     * @param expected    the labels of the expected languages (each must map to a Lingua language)
     * @param extra       further candidate labels (unknown ones are skipped), so a wrong-language answer can be told
     * @param lowAccuracy Lingua's low-accuracy mode (trigrams only: less memory, weaker on short texts)
     */
    public LanguageConsistency(Collection<String> expected, Collection<String> extra, boolean lowAccuracy) {
        EnumSet<Language> set = EnumSet.noneOf(Language.class);
        for (String label : expected) {
            set.add(resolve(label).orElseThrow(() -> new IllegalArgumentException("language \"" + label
                    + "\": Lingua cannot detect it, so language consistency cannot be measured for it (labels map by"
                    + " their ISO 639-1 or 639-3 part, e.g. en, eng, eng_Latn)")));
        }
        for (String label : extra) {
            resolve(label).ifPresent(set::add);
        }
        if (set.size() < 2) {
            throw new IllegalArgumentException("language consistency needs at least 2 candidate languages to tell apart, got "
                    + set + "; add some with --detect-among");
        }
        this.candidates = set;
        this.lowAccuracy = lowAccuracy;
    }

    /** The Lingua language of a label, if any. */
    public static Optional<Language> resolve(String label) {
        String first = label.strip().split("[-_]", 2)[0].toUpperCase(Locale.ROOT);
        try {
            if (first.length() == 2) {
                return Optional.of(Language.getByIsoCode639_1(IsoCode639_1.valueOf(first)));
            }
            if (first.length() == 3) {
                return Optional.of(Language.getByIsoCode639_3(IsoCode639_3.valueOf(first)));
            }
        } catch (IllegalArgumentException | java.util.NoSuchElementException unknownCode) {
            // not a code Lingua knows (also Language.UNKNOWN's NONE): fall through
        }
        return macrolanguage(first);
    }

    /** Codes of a macrolanguage's members that Lingua files under the macrolanguage (e.g. cmn -> Chinese). */
    private static Optional<Language> macrolanguage(String code) {
        return switch (code) {
            case "CMN", "YUE", "WUU" -> Optional.of(Language.CHINESE);
            case "ARB", "ARZ", "APC", "ARY" -> Optional.of(Language.ARABIC);
            case "SWH" -> Optional.of(Language.SWAHILI);
            case "ZSM" -> Optional.of(Language.MALAY);
            case "PES" -> Optional.of(Language.PERSIAN);
            default -> Optional.empty();
        };
    }

    /** Sorted ISO 639-1 codes of the candidate languages, part of a cache key. */
    public String key() {
        TreeSet<String> codes = new TreeSet<>();
        candidates.forEach(l -> codes.add(l.getIsoCode639_1().toString()));
        return DETECTOR + (lowAccuracy ? ",low" : ",high") + ":" + String.join(",", codes);
    }

    /** The detected language's ISO 639-1 code, or "unknown" when Lingua cannot decide (e.g. no letters). */
    public synchronized String detect(String text) {
        if (detector == null) {
            LanguageDetectorBuilder b = LanguageDetectorBuilder.fromLanguages(candidates.toArray(new Language[0]));
            detector = (lowAccuracy ? b.withLowAccuracyMode() : b).build();
        }
        Language l = detector.detectLanguageOf(text);
        return l == Language.UNKNOWN ? "unknown" : l.getIsoCode639_1().toString();
    }

    /** The ISO 639-1 code {@link #detect} gives for text in the language of {@code label}. */
    public String expectedCode(String label) {
        return resolve(label).orElseThrow(() -> new IllegalArgumentException("language \"" + label
                + "\": Lingua cannot detect it")).getIsoCode639_1().toString();
    }

    /** Whether {@code text} is detected as the language of {@code label}. */
    public boolean matches(String text, String label) {
        return detect(text).equals(expectedCode(label));
    }

    /** Unloads the language models (Lingua keeps them in static maps). */
    @Override
    public synchronized void close() {
        if (detector != null) {
            detector.unloadLanguageModels();
            detector = null;
        }
    }
}
