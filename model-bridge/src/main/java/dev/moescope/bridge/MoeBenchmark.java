package dev.moescope.bridge;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints prefill and decode speed of a checkpoint: grouped vs HF-loop dispatch, routing capture on vs off.
 * Usage: {@code MoeBenchmark MODEL_DIR [PREFILL_TOKENS=256] [REPEATS=5] [DECODE_TOKENS=32]}.
 */
public final class MoeBenchmark {

    private MoeBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: MoeBenchmark MODEL_DIR [PREFILL_TOKENS] [REPEATS] [DECODE_TOKENS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int decode = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        for (ExpertDispatch dispatch : ExpertDispatch.values()) {
            try (MoeModel m = MoeModel.load(dir, LoadOptions.cpu().withDispatch(dispatch))) {
                int[] ids = new int[tokens];
                SplittableRandom r = new SplittableRandom(1);
                for (int i = 0; i < tokens; i++) {
                    ids[i] = r.nextInt(Math.min(256, m.config().vocabSize()));
                }
                ForwardOptions off = new ForwardOptions(false, LogitsMode.LAST);
                ForwardOptions on = new ForwardOptions(true, LogitsMode.LAST);
                m.forward(ids, on); // warm-up
                m.forward(ids, off);
                // interleaved, best of each: the machine may be shared
                double tOff = Double.MAX_VALUE;
                double tOn = Double.MAX_VALUE;
                for (int i = 0; i < repeats; i++) {
                    tOff = Math.min(tOff, best(m, ids, off, 1));
                    tOn = Math.min(tOn, best(m, ids, on, 1));
                }
                System.out.printf(Locale.ROOT, "%-8s prefill %d tokens: %.1f ms (%.0f tok/s) capture off, %.1f ms "
                                + "(%.0f tok/s) capture on, capture overhead %.1f%%%n", dispatch, tokens, tOff * 1e3,
                        tokens / tOff, tOn * 1e3, tokens / tOn, 100 * (tOn - tOff) / tOff);
                long t0 = System.nanoTime();
                GenerationResult g = m.generate(new int[] {ids[0], ids[1]}, new GenerationOptions(decode, 0f, 1f, 0,
                        true), null, null);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%-8s decode: %d tokens in %.2f s (%.1f tok/s, routing captured)%n",
                        dispatch, g.tokens().length, s, g.tokens().length / s);
            }
        }
    }

    private static double best(MoeModel m, int[] ids, ForwardOptions o, int repeats) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            m.forward(ids, o);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
