package dev.moescope.cli;

import dev.moescope.bridge.TextTokenizer;
import dev.moescope.bridge.train.bpe.BpeTokenizer;
import dev.moescope.bridge.train.bpe.BpeTrainer;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.Scripts;
import dev.moescope.resources.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code moescope train-tokenizer}: trains a byte-level BPE vocabulary on the training split of a corpus
 * (default: the bundled demo corpus; held-out articles are never read for training), writes the Hugging Face
 * tokenizer files, checks that DJL's tokenizer loads them and encodes like the reference encoder, and prints
 * tokens per byte per language on the training and held-out splits.
 */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE tokenizer (tokenizer.json) on the training split of the corpus.")
public final class TrainTokenizerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "output directory (created if needed)")
    Path out;

    @Option(names = "--vocab", defaultValue = "4096",
            description = "vocabulary entries: 256 bytes + 3 special tokens + merges; default: ${DEFAULT-VALUE}")
    int vocab;

    @Option(names = "--alpha", defaultValue = "0.5", description = "script balance: a script's share of the pair "
            + "counts grows as (languages in it)^alpha; 1 = every language alike, 0 = every script alike; "
            + "default: ${DEFAULT-VALUE}")
    double alpha;

    @Option(names = "--max-length", defaultValue = "512",
            description = "model_max_length in tokenizer_config.json; default: ${DEFAULT-VALUE}")
    int maxLength;

    @Option(names = "--corpus", description = "a corpus folder or .jsonl instead of the bundled demo corpus")
    Path corpus;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Corpus c = corpus == null ? Corpus.demo() : Corpus.load(corpus);
        List<BpeTrainer.LanguageText> langs = new ArrayList<>();
        for (String lang : c.languages()) {
            List<String> texts = c.segments(lang, Segment.Split.TRAIN).stream().map(Segment::text).toList();
            if (!texts.isEmpty()) {
                langs.add(new BpeTrainer.LanguageText(lang, Scripts.detect(String.join(" ", texts)), texts));
            }
        }
        if (langs.isEmpty()) {
            throw new IllegalArgumentException("corpus " + c.id() + ": no training segments");
        }
        long scripts = langs.stream().map(BpeTrainer.LanguageText::script).distinct().count();
        o.printf("corpus %s: %d languages in %d scripts (train split); vocabulary %d, alpha %.2f%n",
                c.id(), langs.size(), scripts, vocab, alpha);
        o.flush();
        long start = System.nanoTime();
        BpeTokenizer bpe = BpeTrainer.train(langs, vocab, alpha, (n, target) -> {
            o.printf("  %d/%d merges, %.0f s%n", n, target, (System.nanoTime() - start) / 1e9);
            o.flush();
        });
        bpe.writeFiles(out, maxLength);
        o.printf("wrote %s/tokenizer.json (%d entries) in %.1f s%n", out, bpe.size(), (System.nanoTime() - start) / 1e9);
        report(o, c, langs, bpe);
        return 0;
    }

    /** Tokens per byte per language (reference encoder), after checking DJL's encoding of the held-out text. */
    private void report(PrintWriter o, Corpus c, List<BpeTrainer.LanguageText> langs, BpeTokenizer bpe) {
        o.println("lang  script  train tokens/byte  held-out tokens/byte  held-out bytes/token  partial-character tokens");
        double sumTrain = 0;
        double sumHeld = 0;
        int held = 0;
        try (TextTokenizer djl = TextTokenizer.load(out, 256, Set.of(257))) {
            for (BpeTrainer.LanguageText l : langs) {
                double train = tokensPerByte(bpe, l.texts());
                sumTrain += train;
                List<String> heldOut = c.segments(l.language(), Segment.Split.HELDOUT).stream().map(Segment::text).toList();
                for (String s : heldOut) {
                    if (!Arrays.equals(djl.encode(s), bpe.encode(s)) || !djl.decode(djl.encode(s)).equals(s)) {
                        throw new IllegalStateException(out + "/tokenizer.json: DJL's encoding of a held-out "
                                + l.language() + " segment differs from the reference encoder");
                    }
                }
                if (heldOut.isEmpty()) {
                    o.printf("%-5s %-7s %17.3f %21s%n", l.language(), l.script(), train, "-");
                } else {
                    double h = tokensPerByte(bpe, heldOut);
                    sumHeld += h;
                    held++;
                    o.printf("%-5s %-7s %17.3f %21.3f %21.2f %24.1f%%%n", l.language(), l.script(), train, h, 1 / h,
                            100 * partialShare(bpe, heldOut));
                }
            }
        }
        o.printf("mean  %-7s %17.3f %21.3f   (DJL encodes every held-out segment like the reference encoder)%n",
                "", sumTrain / langs.size(), held == 0 ? Double.NaN : sumHeld / held);
    }

    /** Share of the tokens of {@code texts} whose bytes are not whole UTF-8 characters (chips of a character). */
    private static double partialShare(BpeTokenizer bpe, List<String> texts) {
        long partial = 0;
        long tokens = 0;
        for (String s : texts) {
            for (int id : bpe.encode(s)) {
                tokens++;
                if (!isWholeUtf8(bpe.bytes(id))) {
                    partial++;
                }
            }
        }
        return tokens == 0 ? 0 : (double) partial / tokens;
    }

    private static boolean isWholeUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static double tokensPerByte(BpeTokenizer bpe, List<String> texts) {
        long tokens = 0;
        long bytes = 0;
        for (String s : texts) {
            tokens += bpe.encode(s).length;
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) tokens / bytes;
    }
}
