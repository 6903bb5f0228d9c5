package dev.moescope.bridge.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.CheckpointException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated header of one .safetensors file.
 *
 * <p>Layout: 8 bytes little-endian header length N, N bytes of JSON, then the data area. Each JSON entry is
 * {@code name: {dtype, shape, data_offsets: [begin, end]}} with offsets relative to the data area;
 * {@code __metadata__} is an optional string-to-string map. Everything is checked here, before any data is read.
 */
record SafetensorsHeader(Path file, Map<String, TensorEntry> tensors, Map<String, String> metadata) {

    /** The format's own limit on the JSON header (100 MB), which also protects us from absurd lengths. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    static SafetensorsHeader read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail(file, "file is " + size + " bytes, too short for the 8-byte header length (truncated?)");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, file);
            long headerLen = len.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
                throw fail(file, "header length " + headerLen + " is not between 1 and " + MAX_HEADER_BYTES + " bytes");
            }
            if (8 + headerLen > size) {
                throw fail(file, "header length " + headerLen + " goes past the end of the file (" + size
                        + " bytes; truncated?)");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLen);
            readFully(ch, json, 8, file);
            long dataStart = 8 + headerLen;
            return parse(file, new String(json.array(), StandardCharsets.UTF_8), dataStart, size - dataStart);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw fail(file, "unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    static SafetensorsHeader parse(Path file, String jsonText, long dataStart, long dataSize) {
        JsonNode root;
        try {
            root = JSON.readTree(jsonText);
        } catch (IOException e) {
            throw new CheckpointException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(), readTensor(file, field.getKey(), field.getValue(), dataStart, dataSize));
            }
        }
        checkNoOverlap(file, tensors, dataStart);
        return new SafetensorsHeader(file, Map.copyOf(tensors), Map.copyOf(metadata));
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw fail(file, "__metadata__ must be an object of strings, got " + node.getNodeType());
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw fail(file, "__metadata__ entry '" + e.getKey() + "' must be a string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
    }

    private static TensorEntry readTensor(Path file, String name, JsonNode node, long dataStart, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw fail(file, where + ": expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw fail(file, where + ": dtype missing or not a string");
        }
        String dtypeName = dtypeNode.asText();
        SafetensorsDType dtype = SafetensorsDType.fromHeaderName(dtypeName);
        if (dtype == null) {
            String kind = SafetensorsDType.FORMAT_DTYPES.contains(dtypeName) ? "unsupported" : "unknown";
            throw fail(file, where + ": " + kind + " dtype '" + dtypeName + "' (supported: F32, F16, BF16, U8)");
        }
        long[] shape = longArray(file, where, "shape", node.get("shape"), -1);
        long[] offsets = longArray(file, where, "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        String offs = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw fail(file, where + ": " + offs + " begin is after end");
        }
        if (end > dataSize) {
            throw fail(file, where + ": " + offs + " end beyond the data area (" + dataSize + " bytes)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorEntry.numel(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw fail(file, where + ": shape " + java.util.Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw fail(file, where + ": " + offs + " span " + (end - begin) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected + " bytes");
        }
        return new TensorEntry(name, dtype, shape, file, dataStart + begin, dataStart + end);
    }

    private static long[] longArray(Path file, String where, String field, JsonNode node, int requiredLength) {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            String want = requiredLength >= 0 ? "a list of " + requiredLength + " integers" : "a list of integers";
            throw fail(file, where + ": " + field + " must be " + want + ", got " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw fail(file, where + ": " + field + " must hold non-negative integers, got " + node);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** Sorted by start, each non-empty tensor must begin at or after the end of the previous one. */
    private static void checkNoOverlap(Path file, Map<String, TensorEntry> tensors, long dataStart) {
        List<TensorEntry> sorted = new ArrayList<>();
        for (TensorEntry t : tensors.values()) {
            if (t.byteLength() > 0) {
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingLong(TensorEntry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry prev = sorted.get(i - 1);
            TensorEntry cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw fail(file, "tensor '" + cur.name() + "': data_offsets [" + (cur.begin() - dataStart) + ", "
                        + (cur.end() - dataStart) + "] overlap tensor '" + prev.name() + "' data_offsets ["
                        + (prev.begin() - dataStart) + ", " + (prev.end() - dataStart) + "]");
            }
        }
    }

    private static CheckpointException fail(Path file, String message) {
        return new CheckpointException(file + ": " + message);
    }
}
