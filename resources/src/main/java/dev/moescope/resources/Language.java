package dev.moescope.resources;

import java.util.Objects;

/**
 * One language of a corpus with its metadata.
 *
 * @param code          short BCP-47 tag used everywhere in moescope (ISO 639-1 where one exists,
 *                      else ISO 639-3), e.g. "en", "zh" (Mandarin, Simplified), "quz"
 * @param name          English name, e.g. "Chinese (Mandarin, Simplified)"
 * @param iso6393       ISO 639-3 code of the individual language, e.g. "cmn" for "zh"
 * @param family        top-level family as Glottolog names it, e.g. "Indo-European", "Basque"
 * @param branch        Glottolog subgroup at genus level, e.g. "Germanic", "Narrow Bantu"
 * @param script        ISO 15924 code of the script the text is written in, e.g. "Latn", "Hans"
 * @param resourceLevel how much text exists for the language (see {@link ResourceLevel})
 */
public record Language(String code, String name, String iso6393, String family, String branch,
                       String script, ResourceLevel resourceLevel) {

    public Language {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(iso6393, "iso6393");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(resourceLevel, "resourceLevel");
    }
}
