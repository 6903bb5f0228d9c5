package dev.moescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.resources.LanguageTable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code eval} measured, as readable tables and as JSON. */
final class EvalReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final EvalTexts texts;
    private final LanguageTable table;
    private final List<String> paper;
    private EvalCommand.ModelScores model;
    private EvalCommand.ModelScores compare;
    private final Map<String, Map<String, Integer>> lid = new LinkedHashMap<>();
    private final Map<String, Double> ari = new LinkedHashMap<>();
    private final List<EvalProfile> profiles = new ArrayList<>();
    private Map<String, Map<String, double[]>> compressors = Map.of();   // name -> lang -> {bits, bytes}
    private final List<String> notes = new ArrayList<>();

    EvalReport(EvalTexts texts, LanguageTable table) {
        this.texts = texts;
        this.table = table;
        this.paper = LanguageTable.PAPER_LANGUAGES.stream().filter(texts.languages()::contains).toList();
    }

    void model(EvalCommand.ModelScores s) {
        model = s;
    }

    void compare(EvalCommand.ModelScores s) {
        compare = s;
    }

    void control(String kind, Map<String, Integer> correct, double familyAri) {
        lid.put(kind, correct);
        ari.put(kind, familyAri);
    }

    void profile(EvalProfile p) {
        profiles.add(p);
    }

    void compressors(Map<String, Map<String, double[]>> c) {
        compressors = c;
    }

    void note(String line) {
        notes.add(line);
    }

    /** Per language: -sum log2 p over its texts' tokens / their UTF-8 bytes. */
    static Map<String, Double> bitsPerByte(Map<String, List<EvalCheckpoint.Scored>> scored) {
        Map<String, Double> out = new LinkedHashMap<>();
        scored.forEach((lang, list) -> out.put(lang, list.stream().mapToDouble(s -> s.score().bits()).sum()
                / list.stream().mapToLong(EvalCheckpoint.Scored::bytes).sum()));
        return out;
    }

    /** Unweighted mean over {@code langs} of a per-language figure. */
    static double mean(Map<String, Double> perLang, Collection<String> langs) {
        return langs.stream().mapToDouble(perLang::get).average().orElse(Double.NaN);
    }

    private static Map<String, Double> ratio(Map<String, double[]> bitsAndBytes) {
        Map<String, Double> out = new LinkedHashMap<>();
        bitsAndBytes.forEach((lang, b) -> out.put(lang, b[0] / b[1]));
        return out;
    }

    /** The figures of the summary table, in order: label to per-language bits per byte. */
    private Map<String, Map<String, Double>> figures() {
        Map<String, Map<String, Double>> f = new LinkedHashMap<>();
        f.put("model, held-out", bitsPerByte(model.heldOut()));
        f.put("model, training split", bitsPerByte(model.train()));
        if (compare != null) {
            f.put("compare, held-out", bitsPerByte(compare.heldOut()));
            f.put("compare, training split", bitsPerByte(compare.train()));
        }
        compressors.forEach((name, m) -> f.put(name + ", held-out", ratio(m)));
        return f;
    }

    void print(PrintWriter o) {
        o.println("Bits per byte: each text scored on its own from <|bos|> (no <|eos|>), whole when 1 + its tokens fit");
        o.println("the context, else in consecutive chunks of context - 1 tokens each from <|bos|>; per language");
        o.println("-sum log2 p(token) over its texts / their UTF-8 bytes; means are over languages, unweighted.");
        o.println("Held-out: articles 25-30; training split: preamble + articles 1-24.");
        describe(o, "model", model);
        if (compare != null) {
            describe(o, "compare", compare);
        }
        if (!compressors.isEmpty()) {
            o.println("compressors: cost of an article = size(its language's training text, segments joined by \\n,"
                    + " + \\n + article) - size(that text); each article alone");
        }
        o.println();
        o.printf("%-28s %10s %10s%n", "bits per byte", "paper " + paper.size(), "all " + texts.languages().size());
        figures().forEach((label, per) -> o.printf("%-28s %10.3f %10.3f%n", label, mean(per, paper),
                mean(per, texts.languages())));
        o.println();
        printLanguages(o);
        o.println();
        o.println("Routing controls (language ID: nearest training centroid, cosine, over "
                + texts.heldOut().values().stream().mapToInt(List::size).sum() + " held-out articles; family ARI: "
                + "average linkage of 1 - cosine between language means, cut at the family count):");
        o.printf("%-16s %8s %8s%n", "features", "LID acc", "fam ARI");
        int total = texts.heldOut().values().stream().mapToInt(List::size).sum();
        lid.forEach((kind, m) -> o.printf("%-16s %8.3f %8.3f%n", kind,
                m.values().stream().mapToInt(Integer::intValue).sum() / (double) total, ari.get(kind)));
        for (EvalProfile p : profiles) {
            o.println();
            o.printf("Layerwise profile, k = %d, thr = %.2f (training-split routing of %s; JSD to en, bits, mean over"
                    + " the others):%n", p.k(), p.threshold(), String.join(",", p.languages()));
            o.printf("%5s %8s %9s %7s%n", "layer", "JSD", "exclusive", "shared");
            p.layers().forEach(l -> o.printf("%5d %8.4f %9d %7d%n", l.layer(), l.meanJsd(), l.exclusive(), l.shared()));
            o.println(p.summary());
        }
        notes.forEach(o::println);
    }

    private void describe(PrintWriter o, String role, EvalCommand.ModelScores s) {
        o.printf("%s: %s (%d layers x %d experts, top-%d; tokenizer: %s; context %d)%n", role, s.dir(), s.layers(),
                s.experts(), s.topK(), s.tokenizer(), s.context());
        o.printf("  texts longer than the context (chunked): %s held-out, %s training%n",
                chunked(s.heldOut()), chunked(s.train()));
    }

    /** "0 of 360" or "3 of 360 (in 7 chunks)". */
    private static String chunked(Map<String, List<EvalCheckpoint.Scored>> scored) {
        List<EvalCheckpoint.Scored> all = scored.values().stream().flatMap(List::stream).toList();
        List<EvalCheckpoint.Scored> over = all.stream().filter(s -> s.score().windows() > 1).toList();
        return over.size() + " of " + all.size() + (over.isEmpty() ? ""
                : " (in " + over.stream().mapToInt(s -> s.score().windows()).sum() + " chunks)");
    }

    private void printLanguages(PrintWriter o) {
        Map<String, Map<String, Double>> f = figures();
        StringBuilder h = new StringBuilder(String.format("%-5s %-16s %-5s %6s %6s", "lang", "family", "scr",
                "bytes", "tok/B"));
        List<String> labels = List.copyOf(f.keySet());
        for (String l : labels) {
            h.append(String.format(" %9s", shortLabel(l)));
        }
        lid.keySet().forEach(kind -> h.append(String.format(" %6s", "LID " + kind.substring(0, 3))));
        o.println(h);
        Map<String, Double> tokensPerByte = tokensPerByte(model.heldOut());
        for (String lang : texts.languages()) {
            var language = table.resolve(lang);
            long bytes = model.heldOut().get(lang).stream().mapToLong(EvalCheckpoint.Scored::bytes).sum();
            StringBuilder r = new StringBuilder(String.format("%-5s %-16.16s %-5s %6d %6.3f", lang, language.family(),
                    language.script(), bytes, tokensPerByte.get(lang)));
            for (String l : labels) {
                r.append(String.format(" %9.3f", f.get(l).get(lang)));
            }
            lid.values().forEach(m -> r.append(String.format(" %6s", m.get(lang) + "/" + texts.heldOut().get(lang).size())));
            o.println(r);
        }
    }

    private static String shortLabel(String label) {
        return label.replace("model, held-out", "held-out").replace("model, training split", "train")
                .replace("compare, held-out", "cmp held").replace("compare, training split", "cmp train")
                .replace("7-Zip PPMd o8, held-out", "PPMd o8").replace("xz -9e, held-out", "xz -9e");
    }

    private static Map<String, Double> tokensPerByte(Map<String, List<EvalCheckpoint.Scored>> scored) {
        Map<String, Double> out = new LinkedHashMap<>();
        scored.forEach((lang, list) -> out.put(lang, list.stream().mapToDouble(s -> s.score().tokens()).sum()
                / list.stream().mapToLong(EvalCheckpoint.Scored::bytes).sum()));
        return out;
    }

    void writeJson(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("protocol", "each text from <|bos|>, no <|eos|>; whole within the context, else consecutive chunks "
                + "of context-1 tokens each from <|bos|>; bits per byte = -sum log2 p / UTF-8 bytes per language; "
                + "means unweighted over languages");
        root.set("model", models(model));
        if (compare != null) {
            root.set("compare", models(compare));
        }
        ObjectNode means = root.putObject("mean_bits_per_byte");
        figures().forEach((label, per) -> {
            ObjectNode m = means.putObject(label);
            m.put("paper", round(mean(per, paper)));
            m.put("all", round(mean(per, texts.languages())));
        });
        root.putPOJO("paper_languages", paper);
        ObjectNode langs = root.putObject("languages");
        Map<String, Map<String, Double>> f = figures();
        Map<String, Double> tpb = tokensPerByte(model.heldOut());
        for (String lang : texts.languages()) {
            ObjectNode n = langs.putObject(lang);
            n.put("family", table.resolve(lang).family());
            n.put("script", table.resolve(lang).script());
            n.put("heldout_articles", texts.heldOut().get(lang).size());
            n.put("heldout_bytes", model.heldOut().get(lang).stream().mapToLong(EvalCheckpoint.Scored::bytes).sum());
            n.put("heldout_tokens_per_byte", round(tpb.get(lang)));
            ObjectNode b = n.putObject("bits_per_byte");
            f.forEach((label, per) -> b.put(label, round(per.get(lang))));
            ObjectNode l = n.putObject("lid_correct");
            lid.forEach((kind, m) -> l.put(kind, m.get(lang)));
        }
        ObjectNode controls = root.putObject("routing_controls");
        int total = texts.heldOut().values().stream().mapToInt(List::size).sum();
        lid.forEach((kind, m) -> {
            ObjectNode c = controls.putObject(kind);
            c.put("lid_accuracy", round(m.values().stream().mapToInt(Integer::intValue).sum() / (double) total));
            c.put("family_ari", round(ari.get(kind)));
        });
        ArrayNode ps = root.putArray("layer_profiles");
        for (EvalProfile p : profiles) {
            ObjectNode n = ps.addObject();
            n.put("k", p.k());
            n.put("thr", p.threshold());
            n.putPOJO("languages", p.languages());
            n.put("text", "training split");
            ArrayNode layers = n.putArray("layers");
            p.layers().forEach(l -> layers.addObject().put("layer", l.layer()).put("mean_jsd_to_en", round(l.meanJsd()))
                    .put("exclusive", l.exclusive()).put("shared", l.shared()));
            ArrayNode bands = n.putArray("bands");
            p.bands().forEach(b -> bands.addObject().put("band", b.name()).put("first", b.first()).put("last", b.last())
                    .put("mean_jsd_to_en", round(b.meanJsd())).put("exclusive", round(b.exclusive()))
                    .put("shared", round(b.shared())));
            n.put("summary", p.summary());
        }
        root.putPOJO("notes", notes);
        try {
            Files.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private ObjectNode models(EvalCommand.ModelScores s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("dir", s.dir());
        n.put("tokenizer", s.tokenizer());
        n.put("context", s.context());
        n.put("layers", s.layers());
        n.put("experts", s.experts());
        n.put("top_k", s.topK());
        n.put("heldout_chunked", chunked(s.heldOut()));
        n.put("train_chunked", chunked(s.train()));
        return n;
    }

    /** Four decimals; null (JSON null) for NaN, e.g. a JSD without another language. */
    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
    }
}
