package dev.moescope.bridge;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Intra-op threads of the inference thread. Small steps (few tokens x hidden) run single-threaded: OpenMP
 * fork/join on tiny matmuls costs more than it saves, and on a busy machine spinning workers made a 3-token
 * forward of the fixture ~50x slower. With OpenMP the setting is per calling thread, so it does not touch
 * other threads' torch work. System property {@code moescope.torch.threads} forces a count.
 */
final class TorchThreads {

    /** Steps with fewer token x hidden elements than this run on one thread. */
    static final long SMALL_STEP = 1 << 16;

    private final int large;
    private int current = -1;

    TorchThreads() {
        Integer forced = Integer.getInteger("moescope.torch.threads");
        this.large = forced != null && forced > 0 ? forced : Math.max(1, JniUtils.getNumThreads());
    }

    /** Called on the inference thread before each step. */
    void forStep(long tokens, int hidden) {
        Integer forced = Integer.getInteger("moescope.torch.threads");
        int want = forced != null && forced > 0 ? forced : (tokens * hidden < SMALL_STEP ? 1 : large);
        if (want != current) {
            JniUtils.setNumThreads(want);
            current = want;
        }
    }
}
