package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;
import dev.moescope.routing.prompt.PromptRenderer;
import dev.moescope.routing.store.SampleText;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** --corpus, --langs and --split: which segments a command runs on. */
final class CorpusSelection {

    @Option(names = "--corpus", paramLabel = "demo|FILE.jsonl|DIR",
            description = "the bundled UDHR corpus (demo), a JSONL file or a folder of <lang>.txt; default: demo"
                    + " (for experiments: the corpus the run was collected from)")
    String corpus;

    @Option(names = "--langs", split = ",", paramLabel = "a,b", description = "languages to use (default: all)")
    List<String> langs;

    private boolean demo() {
        return corpus == null || "demo".equals(corpus);
    }

    Corpus load() {
        return demo() ? Corpus.demo() : Corpus.load(Path.of(corpus));
    }

    String source() {
        return demo() ? "demo" : Path.of(corpus).toAbsolutePath().normalize().toString();
    }

    /** The chosen languages in corpus order; unknown ones are an error naming the corpus. */
    List<String> languages(Corpus c) {
        if (langs == null || langs.isEmpty()) {
            return c.languages();
        }
        for (String l : langs) {
            if (!c.languages().contains(l)) {
                throw new IllegalArgumentException("--langs: corpus " + source() + " has no language '" + l
                        + "'; it has " + c.languages());
            }
        }
        return c.languages().stream().filter(langs::contains).toList();
    }

    /**
     * The split used when none is asked for: the training split where the corpus defines splits (the demo's
     * articles, a "split" or "article" field), else every sample.
     */
    static String defaultSplit(Corpus c) {
        return c.definesSplits() ? "train" : "all";
    }

    /** What a split means for this corpus, for reports: "all", "train (the corpus's own split)", ... */
    static String describeSplit(Corpus c, String split) {
        String s = split == null ? defaultSplit(c) : split.toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            return "all" + (c.definesSplits() ? "" : " (the corpus defines no splits)");
        }
        return s + (c.definesSplits() ? " (the corpus's split)" : " (derived from the segment ids, ~20% held out)");
    }

    /** Segments of the chosen languages in the given splits ("train", "heldout" or "all"; null: the default). */
    List<SampleText> samples(Corpus c, String split) {
        return samples(c, split, PromptRenderer.raw());
    }

    /** The same, each sample's text rendered by {@code prompts} (the stored text is the routed prompt). */
    List<SampleText> samples(Corpus c, String split, PromptRenderer prompts) {
        split = split == null ? defaultSplit(c) : split;
        List<Segment.Split> splits = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> List.of(Segment.Split.TRAIN);
            case "heldout" -> List.of(Segment.Split.HELDOUT);
            case "all" -> Arrays.asList(Segment.Split.values());
            default -> throw new IllegalArgumentException("--split must be train, heldout or all, got '" + split + "'");
        };
        List<SampleText> out = new ArrayList<>();
        for (String lang : languages(c)) {
            for (Segment.Split s : splits) {
                for (Segment seg : c.segments(lang, s)) {
                    out.add(new SampleText(seg.lang(), seg.segmentId(), String.valueOf(seg.article()),
                            seg.split().name().toLowerCase(Locale.ROOT), prompts.render(seg.text(), seg.fields())));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("corpus " + source() + ": no segments in split " + split
                    + " for languages " + languages(c));
        }
        return out;
    }

    String selectionJson(Corpus c, String split) {
        ObjectNode n = OutputFormat.MAPPER.createObjectNode();
        n.put("corpus", c.id());
        n.putPOJO("langs", languages(c));
        n.put("split", split == null ? defaultSplit(c) : split);
        return n.toString();
    }
}
