package dev.moescope.bridge;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Intra-op threads for each step. Small steps (few tokens x hidden) run single-threaded: OpenMP fork/join on
 * tiny matmuls costs more than it saves, and on a busy machine spinning workers made a 3-token forward of the
 * fixture ~50x slower. Large steps use the engine's default count, read once before this class changes it
 * (the setting is process-wide in libtorch). System property {@code moescope.torch.threads} forces a count.
 */
final class TorchThreads {

    /** Steps with fewer token x hidden elements than this run on one thread. */
    static final long SMALL_STEP = 1 << 16;

    private static int engineDefault = -1;

    private final int large;
    private int current = -1;

    TorchThreads() {
        this.large = engineDefault();
    }

    private static synchronized int engineDefault() {
        if (engineDefault < 0) {
            engineDefault = Math.max(1, JniUtils.getNumThreads());
        }
        return engineDefault;
    }

    /** Called on the inference thread before each step. */
    void forStep(long tokens, int hidden) {
        Integer forced = Integer.getInteger("moescope.torch.threads");
        int want = forced != null && forced > 0 ? forced : (tokens * hidden < SMALL_STEP ? 1 : large);
        if (want != current || JniUtils.getNumThreads() != want) {
            JniUtils.setNumThreads(want);
            current = want;
        }
    }
}
