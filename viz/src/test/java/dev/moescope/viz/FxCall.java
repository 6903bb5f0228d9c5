package dev.moescope.viz;

import java.util.concurrent.Callable;
import org.testfx.util.WaitForAsyncUtils;

/** Runs a callable on the FX thread and returns its result (FxRobot.interact returns the robot). */
public final class FxCall {
    private FxCall() {}

    public static <T> T call(Callable<T> callable) {
        T result = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(callable));
        WaitForAsyncUtils.waitForFxEvents();
        return result;
    }
}
