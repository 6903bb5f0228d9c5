package dev.moescope.cli;

import com.sun.javafx.perf.PerformanceTracker;
import java.util.ArrayDeque;
import javafx.scene.Scene;

/**
 * When the window's frames are rendered: the render thread reports each finished frame (painted and its
 * pixels handed to the window) through JavaFX's scene {@link PerformanceTracker}, an internal API that
 * the class-path launch can reach and the app image's launcher exports. bench-ui uses it to say "on
 * screen" for the frame that shows a change, not only the pulse that laid it out.
 */
final class RenderedFrames implements AutoCloseable {
    private static final int KEPT = 4096;

    private final Scene scene;
    private final ArrayDeque<Long> frameNanos = new ArrayDeque<>(); // System.nanoTime() at each frame's end, oldest first

    private RenderedFrames(Scene scene) {
        this.scene = scene;
    }

    /** Starts listening; call on the FX thread. */
    static RenderedFrames attach(Scene scene) {
        RenderedFrames r = new RenderedFrames(scene);
        PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(r::frameRendered);
        return r;
    }

    private synchronized void frameRendered() {
        if (frameNanos.size() == KEPT) {
            frameNanos.removeFirst();
        }
        frameNanos.addLast(System.nanoTime());
        notifyAll();
    }

    /** Frames rendered so far (up to the last {@value #KEPT}). */
    synchronized int count() {
        return frameNanos.size();
    }

    /**
     * The end of the first frame rendered after {@code afterNanos} (a {@link System#nanoTime()} taken on
     * the FX thread once the change was laid out), waiting for it if it has not come yet.
     */
    synchronized long firstFrameAfter(long afterNanos, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            for (long t : frameNanos) {
                if (t > afterNanos) {
                    return t;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no frame was rendered within " + timeoutMs + " ms of the change");
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    @Override
    public void close() {
        PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(null);
        PerformanceTracker.releaseSceneTracker(scene);
    }
}
