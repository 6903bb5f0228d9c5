package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The preallocated KV cache: steps write in place, return views of what is cached, and allocate nothing. */
class KvCacheTest {

    static NDManager base;

    @BeforeAll
    static void open() {
        base = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void close() {
        base.close();
    }

    @Test
    void decodeStepsWriteInPlaceAndReturnEverythingCached() {
        // two layers with MLA-like shapes: keys [1, 2, T, 4], values [1, 2, T, 3]
        try (KvCache cache = new KvCache(base, 2, 6)) {
            List<float[][]> appended = new ArrayList<>(); // per step: {k, v} host copies of layer 1
            SplittableRandom r = new SplittableRandom(1);
            int[] steps = {3, 1, 1, 1};
            for (int step = 0; step < steps.length; step++) {
                try (NDManager sub = base.newSubManager()) {
                    NDArray[] kv = null;
                    for (int layer = 0; layer < 2; layer++) {
                        NDArray k = random(sub, r, new Shape(1, 2, steps[step], 4)); // [B, H, T, Dk]
                        NDArray v = random(sub, r, new Shape(1, 2, steps[step], 3)); // [B, H, T, Dv]
                        if (layer == 1) {
                            appended.add(new float[][] {k.toFloatArray(), v.toFloatArray()});
                        }
                        kv = cache.append(layer, k, v);
                    }
                    cache.advance(steps[step]);
                    assertEquals(new Shape(1, 2, cache.length(), 4), kv[0].getShape());
                    assertEquals(new Shape(1, 2, cache.length(), 3), kv[1].getShape());
                    assertArrayEquals(concat(appended, 0, 2, 4), kv[0].toFloatArray());
                    assertArrayEquals(concat(appended, 1, 2, 3), kv[1].toFloatArray());
                }
                assertEquals(4, cache.allocations(), "the first step allocates k and v per layer, decode steps none");
                assertEquals(6, cache.capacity());
            }
        }
    }

    @Test
    void appendingPastTheCapacityGrowsOnceAndKeepsTheContents() {
        try (KvCache cache = new KvCache(base, 1, 2)) {
            List<float[][]> appended = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(2);
            for (int step = 0; step < 3; step++) {
                try (NDManager sub = base.newSubManager()) {
                    NDArray k = random(sub, r, new Shape(1, 1, 1, 2));
                    NDArray v = random(sub, r, new Shape(1, 1, 1, 2));
                    appended.add(new float[][] {k.toFloatArray(), v.toFloatArray()});
                    NDArray[] kv = cache.append(0, k, v);
                    cache.advance(1);
                    assertArrayEquals(concat(appended, 0, 1, 2), kv[0].toFloatArray());
                    assertArrayEquals(concat(appended, 1, 1, 2), kv[1].toFloatArray());
                }
            }
            assertEquals(4, cache.capacity(), "doubled");
            assertEquals(4, cache.allocations(), "k and v, then k and v once more");
        }
    }

    private static NDArray random(NDManager m, SplittableRandom r, Shape s) {
        float[] x = new float[(int) s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return m.create(x, s).toType(DataType.FLOAT32, false);
    }

    /** What the cache must hold: per head, every step's rows in order ({@code [B=1, heads, S, d]} flattened). */
    private static float[] concat(List<float[][]> steps, int which, int heads, int d) {
        int total = steps.stream().mapToInt(st -> st[which].length).sum();
        float[] out = new float[total];
        int at = 0;
        for (int h = 0; h < heads; h++) {
            for (float[][] st : steps) {
                int rows = st[which].length / (heads * d);                 // T of that step
                System.arraycopy(st[which], h * rows * d, out, at, rows * d);
                at += rows * d;
            }
        }
        return out;
    }
}
