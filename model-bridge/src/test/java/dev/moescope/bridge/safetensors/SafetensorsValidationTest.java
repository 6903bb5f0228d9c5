package dev.moescope.bridge.safetensors;

import dev.moescope.bridge.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per kind of bad input; each asserts the message names the file and the offending field/tensor. */
class SafetensorsValidationTest {

    @TempDir
    Path dir;

    /** Writes 8-byte length + header + dataBytes zero bytes; {@code declaredLength} overrides the length field. */
    private Path raw(String fileName, String header, long declaredLength, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength < 0 ? json.length : declaredLength).put(json);
        Path file = dir.resolve(fileName);
        Files.write(file, b.array());
        return file;
    }

    private Path raw(String header, int dataBytes) throws IOException {
        return raw("model.safetensors", header, -1, dataBytes);
    }

    private String failure(Path modelDir) {
        return assertThrows(CheckpointException.class, () -> SafetensorsCheckpoint.open(modelDir).close()).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
        }
    }

    @Test
    void truncatedFileShorterThanTheLengthField() throws IOException {
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        assertMentions(failure(dir), "model.safetensors", "3 bytes", "header length");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        raw("model.safetensors", "{}", 5000, 0);
        assertMentions(failure(dir), "model.safetensors", "header length 5000", "past the end");
    }

    @Test
    void truncatedDataArea() throws IOException {
        // declares 16 bytes of F32 data but the file holds only 8
        raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertMentions(failure(dir), "model.safetensors", "tensor 'w'", "data_offsets [0, 16]", "end beyond the data area (8 bytes)");
    }

    @Test
    void headerNotJson() throws IOException {
        raw("{\"w\": [", 0);
        assertMentions(failure(dir), "model.safetensors", "not valid JSON");
    }

    @Test
    void overlappingOffsets() throws IOException {
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
        assertMentions(failure(dir), "model.safetensors", "tensor 'b'", "overlap tensor 'a'", "data_offsets [8, 24]");
    }

    @Test
    void beginAfterEnd() throws IOException {
        raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,8]}}", 16);
        assertMentions(failure(dir), "model.safetensors", "tensor 'w'", "data_offsets [16, 8]", "begin is after end");
    }

    @Test
    void outOfRangeOffsetsInAShard() throws IOException {
        raw("model-00002-of-00003.safetensors",
                "{\"model.layers.3.mlp.gate.weight\":{\"dtype\":\"F32\",\"shape\":[200],\"data_offsets\":[100,900]}}", -1, 612);
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{\"model.layers.3.mlp.gate.weight\":\"model-00002-of-00003.safetensors\"}}");
        assertMentions(failure(dir), "model-00002-of-00003.safetensors: tensor 'model.layers.3.mlp.gate.weight': "
                + "data_offsets [100, 900] end beyond the data area (612 bytes)");
    }

    @Test
    void byteLengthDoesNotMatchDtypeAndShape() throws IOException {
        // [3, 4] of BF16 needs 24 bytes, offsets give 48 (as if it were F32)
        raw("{\"w\":{\"dtype\":\"BF16\",\"shape\":[3,4],\"data_offsets\":[0,48]}}", 48);
        assertMentions(failure(dir), "model.safetensors", "tensor 'w'", "48 bytes", "[3, 4]", "BF16", "needs 24 bytes");
    }

    @Test
    void unsupportedDtype() throws IOException {
        raw("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        assertMentions(failure(dir), "model.safetensors", "tensor 'ids'", "unsupported dtype 'I64'", "F32, F16, BF16");
    }

    @Test
    void missingShapeField() throws IOException {
        raw("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4);
        assertMentions(failure(dir), "model.safetensors", "tensor 'w'", "shape");
    }

    @Test
    void indexPointsToAMissingShard() throws IOException {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
                List.of(SafetensorsWriter.Tensor.of("a", SafetensorsDType.F32, new long[] {2}, new float[] {1, 2})), null);
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":16},\"weight_map\":"
                + "{\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        assertMentions(failure(dir), "model.safetensors.index.json", "weight_map entry 'b'",
                "model-00002-of-00002.safetensors", "does not exist");
    }

    @Test
    void tensorListedInIndexButAbsentFromItsShard() throws IOException {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00001.safetensors"),
                List.of(SafetensorsWriter.Tensor.of("a", SafetensorsDType.F32, new long[] {2}, new float[] {1, 2})), null);
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\":"
                + "{\"a\":\"model-00001-of-00001.safetensors\",\"lm_head.weight\":\"model-00001-of-00001.safetensors\"}}");
        assertMentions(failure(dir), "model-00001-of-00001.safetensors", "tensor 'lm_head.weight'",
                "model.safetensors.index.json", "absent from this shard");
    }

    @Test
    void badShardIsReportedBeforeAnyDataIsRead() throws IOException {
        SafetensorsWriter.writeSharded(dir, List.of(
                SafetensorsWriter.Tensor.of("a", SafetensorsDType.F32, new long[] {2}, new float[] {1, 2}),
                SafetensorsWriter.Tensor.of("b", SafetensorsDType.F32, new long[] {2}, new float[] {3, 4})), 2, Map.of());
        Path second = dir.resolve("model-00002-of-00002.safetensors");
        byte[] bytes = Files.readAllBytes(second);
        Files.write(second, Arrays.copyOf(bytes, bytes.length - 4));    // cut the last float
        assertMentions(failure(dir), "model-00002-of-00002.safetensors", "tensor 'b'", "end beyond the data area");
    }

    @Test
    void directoryWithoutWeights() {
        assertMentions(failure(dir), dir.toString(), "model.safetensors");
    }

    @Test
    void unknownTensorNameIsAnError() throws IOException {
        SafetensorsWriter.write(dir.resolve("model.safetensors"),
                List.of(SafetensorsWriter.Tensor.of("a", SafetensorsDType.F32, new long[] {1}, new float[] {1})), null);
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            String msg = assertThrows(CheckpointException.class, () -> ck.readF32Chunks("nope")).getMessage();
            assertMentions(msg, "model.safetensors", "tensor 'nope'", "not found");
        }
    }
}
