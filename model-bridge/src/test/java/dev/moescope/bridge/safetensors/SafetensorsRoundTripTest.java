package dev.moescope.bridge.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    private static float[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 3);
        }
        return v;
    }

    private static float expectedAfterStoring(SafetensorsDType dtype, float v) {
        return switch (dtype) {
            case F32 -> v;
            case F16 -> HalfFloat.f16ToFloat(HalfFloat.floatToF16(v));
            case BF16 -> HalfFloat.bf16ToFloat(HalfFloat.floatToBf16(v));
            case U8 -> throw new IllegalArgumentException("U8 holds bytes, not floats");
        };
    }

    @ParameterizedTest
    @EnumSource(value = SafetensorsDType.class, names = {"F32", "F16", "BF16"})
    void roundTripEachDtype(SafetensorsDType dtype) throws Exception {
        float[] a = randomValues(6 * 5, 1);
        float[] b = randomValues(7, 2);
        float[] scalar = {0.5f};
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, List.of(
                SafetensorsWriter.Tensor.of("a.weight", dtype, new long[] {6, 5}, a),
                SafetensorsWriter.Tensor.of("b.bias", dtype, new long[] {7}, b),
                SafetensorsWriter.Tensor.of("s", dtype, new long[] {}, scalar)), Map.of("format", "pt"));
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            assertEquals(Set.of("a.weight", "b.bias", "s"), ck.names());
            assertEquals(Map.of("format", "pt"), ck.metadata());
            TensorEntry e = ck.entry("a.weight");
            assertEquals(dtype, e.dtype());
            assertArrayEquals(new long[] {6, 5}, e.shape());
            assertEquals(30L * dtype.bytes(), e.end() - e.begin());
            assertEquals(0, e.begin() % 8, "data area is 8-byte aligned");
            float[] got = ck.readF32("a.weight");
            for (int i = 0; i < a.length; i++) {
                assertEquals(expectedAfterStoring(dtype, a[i]), got[i], "a[" + i + "]");
            }
            assertEquals(expectedAfterStoring(dtype, b[3]), ck.readF32("b.bias")[3]);
            assertArrayEquals(new float[] {0.5f}, ck.readF32("s"));
            ShortBuffer half = ck.readF16("a.weight");
            assertTrue(half.isDirect());
            assertEquals(30, half.remaining());
            for (int i = 0; i < a.length; i++) {
                assertEquals(HalfFloat.floatToF16(expectedAfterStoring(dtype, a[i])), half.get(i));
            }
        }
    }

    @Test
    void bf16FileWidensExactlyToTheStoredBits() throws Exception {
        // every bf16 bit pattern that is not NaN, written through the writer and read back as f32
        List<Float> values = new ArrayList<>();
        for (int bits = 0; bits < 0x10000; bits += 7) {
            float f = HalfFloat.bf16ToFloat((short) bits);
            if (!Float.isNaN(f)) {
                values.add(f);
            }
        }
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"),
                List.of(SafetensorsWriter.Tensor.of("w", SafetensorsDType.BF16, new long[] {data.length}, data)), null);
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            float[] got = ck.readF32("w");
            for (int i = 0; i < data.length; i++) {
                assertEquals(Float.floatToRawIntBits(data[i]), Float.floatToRawIntBits(got[i]));
            }
        }
    }

    @Test
    void chunksSplitAlongDimZeroAndConcatenateToTheTensor() throws Exception {
        float[] data = randomValues(10 * 3 * 2, 3);
        SafetensorsWriter.write(dir.resolve("model.safetensors"),
                List.of(SafetensorsWriter.Tensor.of("w", SafetensorsDType.F32, new long[] {10, 3, 2}, data)), null);
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            // a row is 6 floats = 24 bytes; 60 bytes per chunk -> 2 rows (12 floats) per chunk, 5 chunks
            List<FloatBuffer> chunks = ck.readF32Chunks("w", 60);
            assertEquals(5, chunks.size());
            float[] joined = new float[data.length];
            int pos = 0;
            for (FloatBuffer c : chunks) {
                assertTrue(c.isDirect());
                assertEquals(java.nio.ByteOrder.nativeOrder(), c.order());
                assertEquals(12, c.remaining());
                c.get(joined, pos, c.remaining());
                pos += 12;
            }
            assertArrayEquals(data, joined);
            // a limit below one row still gives one row per chunk; a big limit gives one chunk
            assertEquals(10, ck.readF32Chunks("w", 1).size());
            assertEquals(1, ck.readF32Chunks("w").size());
            // uneven split: 3 rows per chunk -> 3 + 3 + 3 + 1
            List<FloatBuffer> uneven = ck.readF32Chunks("w", 3 * 24);
            assertEquals(4, uneven.size());
            assertEquals(6, uneven.get(3).remaining());
            assertEquals(data[54], uneven.get(3).get(0));
            // the ByteBuffer form (for DJL without a copy): same values, direct, native order, 4 bytes a float
            List<java.nio.ByteBuffer> bytes = ck.readF32ChunkBytes("w", 60);
            assertEquals(5, bytes.size());
            assertTrue(bytes.get(0).isDirect());
            assertEquals(java.nio.ByteOrder.nativeOrder(), bytes.get(0).order());
            assertEquals(48, bytes.get(4).remaining());
            assertEquals(data[48], bytes.get(4).getFloat(0));
            assertEquals(data.length * 2, ck.readF16Bytes("w").remaining());
            // mappings are released after each read: reading again still works
            assertArrayEquals(data, ck.readF32("w"));
        }
    }

    @Test
    void shardedCheckpointReadsLikeTheSingleFile() throws Exception {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tensors.add(SafetensorsWriter.Tensor.of("layer." + i + ".w", SafetensorsDType.F16,
                    new long[] {4, i + 1}, randomValues(4 * (i + 1), 10 + i)));
        }
        Path single = Files.createDirectory(dir.resolve("single"));
        Path sharded = Files.createDirectory(dir.resolve("sharded"));
        SafetensorsWriter.write(single.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        List<Path> shards = SafetensorsWriter.writeSharded(sharded, tensors, 3, Map.of("format", "pt"));
        assertEquals(List.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors"), shards.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
        assertFalse(Files.exists(sharded.resolve("model.safetensors")));
        try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(single);
             SafetensorsCheckpoint b = SafetensorsCheckpoint.open(sharded)) {
            assertEquals(a.names(), b.names());
            Set<Path> files = new java.util.HashSet<>();
            for (String name : a.names()) {
                assertArrayEquals(a.readF32(name), b.readF32(name), name);
                assertArrayEquals(a.entry(name).shape(), b.entry(name).shape());
                files.add(b.entry(name).file());
            }
            assertEquals(3, files.size(), "tensors are spread over all shards");
        }
    }
}
