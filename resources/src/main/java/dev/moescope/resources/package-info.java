/**
 * Corpora and language metadata.
 *
 * <ul>
 *   <li>{@link dev.moescope.resources.Corpus}: parallel segments, split into training and held-out
 *       ({@link dev.moescope.resources.Segment.Split}); {@code Corpus.demo()} is the bundled UDHR
 *       corpus (60 languages, preamble + 30 articles each), {@code Corpus.load(path)} a user corpus
 *       (folder of {@code <lang>.txt}, one segment per non-empty line, or a JSONL file).</li>
 *   <li>{@link dev.moescope.resources.LanguageTable}: code, name, ISO 639-3, Glottolog family and
 *       branch, ISO 15924 script and resource level per language.</li>
 *   <li>{@link dev.moescope.resources.DemoAssets}: the bundled corpus and demo model folder.</li>
 * </ul>
 *
 * <p>Language codes are short BCP-47 tags: ISO 639-1 where one exists (for a macrolanguage, the
 * standard variety the text is in: "zh" is Mandarin in Simplified script), else ISO 639-3.
 * Errors in files are {@link dev.moescope.resources.CorpusException}s naming the file and line.
 * The UDHR conversion lives in {@code dev.moescope.resources.udhr}; the data and its README in
 * {@code src/main/resources/dev/moescope/resources/corpus/udhr/}.
 */
package dev.moescope.resources;
