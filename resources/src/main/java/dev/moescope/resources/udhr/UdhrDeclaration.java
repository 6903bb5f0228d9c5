package dev.moescope.resources.udhr;

import java.util.List;

/**
 * One UDHR translation as converted from its HTML.
 *
 * @param source   where it came from (file name), for messages
 * @param iso6393  the {@code data-iso6393} attribute of the html element
 * @param lang     the {@code lang} attribute (BCP-47)
 * @param dir      the {@code dir} attribute ("ltr" / "rtl")
 * @param texts    index 0 = preamble, 1..30 = articles; an entry is "" when the HTML lacks it
 */
public record UdhrDeclaration(String source, String iso6393, String lang, String dir, List<String> texts) {

    /** Numbers (0 = preamble) of the parts that are missing or empty. */
    public List<Integer> missingParts() {
        return java.util.stream.IntStream.range(0, texts.size()).filter(i -> texts.get(i).isEmpty()).boxed().toList();
    }

    /** True when the preamble and all 30 articles have text. */
    public boolean isComplete() {
        return missingParts().isEmpty();
    }
}
