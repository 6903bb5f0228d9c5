package dev.moescope.bridge.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.CheckpointException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face safetensors checkpoint: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Every header is parsed and validated in {@link #open}; tensor data is
 * read later by memory-mapping each tensor's region (read-only, never modified in place) and widening or
 * narrowing it into freshly allocated direct buffers.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** Default upper bound of one f32 chunk from {@link #readF32Chunks(String)}: 1 GiB. */
    public static final long DEFAULT_CHUNK_BYTES = 1L << 30;
    /** Largest region mapped at once (FileChannel.map takes at most Integer.MAX_VALUE bytes). */
    static final long MAX_MAP_BYTES = 1L << 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final Map<String, TensorEntry> entries;
    private final Set<String> sortedNames;
    private final Map<String, String> metadata;
    private final Map<Path, FileChannel> channels = new HashMap<>();
    private boolean closed;

    private SafetensorsCheckpoint(Path source, Map<String, TensorEntry> entries, Map<String, String> metadata) {
        this.source = source;
        this.entries = entries;
        this.sortedNames = Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
        this.metadata = metadata;
    }

    /**
     * Opens a checkpoint directory (or a single .safetensors file). Like transformers, a directory's
     * {@code model.safetensors} wins over an index when both exist.
     */
    public static SafetensorsCheckpoint open(Path modelDir) {
        if (Files.isRegularFile(modelDir) && modelDir.getFileName().toString().endsWith(".safetensors")) {
            SafetensorsHeader h = SafetensorsHeader.read(modelDir);
            return new SafetensorsCheckpoint(modelDir, new LinkedHashMap<>(h.tensors()), h.metadata());
        }
        if (!Files.isDirectory(modelDir)) {
            throw new CheckpointException(modelDir + ": not a checkpoint directory (missing or not a directory)");
        }
        Path single = modelDir.resolve(SINGLE_FILE);
        Path index = modelDir.resolve(INDEX_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsHeader h = SafetensorsHeader.read(single);
            return new SafetensorsCheckpoint(single, new LinkedHashMap<>(h.tensors()), h.metadata());
        }
        if (Files.isRegularFile(index)) {
            return openSharded(modelDir, index);
        }
        throw new CheckpointException(modelDir + ": no " + SINGLE_FILE + " or " + INDEX_FILE
                + " (only safetensors checkpoints are supported)");
    }

    private static SafetensorsCheckpoint openSharded(Path dir, Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new CheckpointException(index + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index + ": field weight_map is missing, empty or not an object");
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")) {
                throw new CheckpointException(index + ": weight_map entry '" + e.getKey()
                        + "' must name a file in the same directory, got " + e.getValue());
            }
            shardOf.put(e.getKey(), shard);
        }
        // validate every shard header before any tensor data is touched
        Map<String, SafetensorsHeader> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : shardOf.entrySet()) {
            String shard = e.getValue();
            if (!headers.containsKey(shard)) {
                Path file = dir.resolve(shard);
                if (!Files.isRegularFile(file)) {
                    throw new CheckpointException(index + ": weight_map entry '" + e.getKey() + "' points to shard '"
                            + shard + "', which does not exist (" + file + ")");
                }
                headers.put(shard, SafetensorsHeader.read(file));
            }
        }
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : shardOf.entrySet()) {
            SafetensorsHeader h = headers.get(e.getValue());
            TensorEntry t = h.tensors().get(e.getKey());
            if (t == null) {
                throw new CheckpointException(h.file() + ": tensor '" + e.getKey() + "' is listed in " + INDEX_FILE
                        + " weight_map but absent from this shard");
            }
            entries.put(e.getKey(), t);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        headers.values().forEach(h -> metadata.putAll(h.metadata()));
        return new SafetensorsCheckpoint(index, entries, Collections.unmodifiableMap(metadata));
    }

    /** The single file or the index this checkpoint was opened from. */
    public Path source() {
        return source;
    }

    /** All tensor names, sorted. */
    public Set<String> names() {
        return sortedNames;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The entry for a tensor; a missing name is an error naming the checkpoint. */
    public TensorEntry entry(String name) {
        TensorEntry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(source + ": tensor '" + name + "' not found");
        }
        return e;
    }

    /** A tensor that holds numbers (F32, F16, BF16): U8 bytes are not values to widen. */
    private TensorEntry floatEntry(String name) {
        TensorEntry e = entry(name);
        if (e.dtype() == SafetensorsDType.U8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' has dtype U8 where a float tensor "
                    + "(F32, F16, BF16) is expected");
        }
        return e;
    }

    /** The raw bytes of a U8 tensor (gpt-oss MXFP4 blocks and scales) in one heap array. */
    public byte[] readU8(String name) {
        TensorEntry e = entry(name);
        if (e.dtype() != SafetensorsDType.U8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' has dtype " + e.dtype()
                    + ", expected U8");
        }
        if (e.numel() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' has " + e.numel()
                    + " bytes, too many for one array");
        }
        byte[] out = new byte[(int) e.numel()];
        int[] pos = {0};
        forEachMappedPiece(e, e.begin(), e.numel(), (src, count) -> {
            src.get(out, pos[0], count);
            pos[0] += count;
        });
        return out;
    }

    /** The {@code __metadata__} of the file (of all shards, merged). */
    /**
     * Frees a buffer returned by {@link #readF32ChunkBytes} or {@link #readF16Bytes} now instead of at the next GC.
     * Only for a buffer nothing references any more: touching it afterwards crashes the JVM.
     */
    public static void free(ByteBuffer buffer) {
        MappedBuffers.unmap(buffer);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor widened to f32, split along dim 0 into direct native-order buffers of at most ~1 GiB each. */
    public List<FloatBuffer> readF32Chunks(String name) {
        return readF32Chunks(name, DEFAULT_CHUNK_BYTES);
    }

    /**
     * The tensor widened to f32, split along dim 0 into chunks of whole rows holding at most
     * {@code maxChunkBytes} of f32 each (at least one row per chunk). Concatenated, they are the tensor in
     * row-major order. Each buffer is direct, native-order, positioned at 0.
     */
    public List<FloatBuffer> readF32Chunks(String name, long maxChunkBytes) {
        List<FloatBuffer> out = new ArrayList<>();
        for (ByteBuffer b : readF32ChunkBytes(name, maxChunkBytes)) {
            out.add(b.asFloatBuffer());
        }
        return out;
    }

    /**
     * As {@link #readF32Chunks(String, long)}, as direct native-order ByteBuffers holding f32 values. DJL's
     * {@code NDManager.create(Buffer, Shape, DataType.FLOAT32)} takes a direct ByteBuffer without copying it
     * first, while a FloatBuffer is copied into a new direct buffer.
     */
    public List<ByteBuffer> readF32ChunkBytes(String name, long maxChunkBytes) {
        TensorEntry e = floatEntry(name);
        long[] shape = e.shape();
        long numel = e.numel();
        long rows = shape.length == 0 ? 1 : shape[0];
        if (numel == 0) {
            return List.of(ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()));
        }
        long rowElems = numel / rows;
        long rowsPerChunk = Math.max(1, maxChunkBytes / (rowElems * Float.BYTES));
        if (rowsPerChunk * rowElems * Float.BYTES > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "': one row of " + rowElems
                    + " elements is too large for a 2 GiB buffer");
        }
        List<ByteBuffer> chunks = new ArrayList<>();
        for (long r0 = 0; r0 < rows; r0 += rowsPerChunk) {
            long n = Math.min(rowsPerChunk, rows - r0) * rowElems;
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder());
            FloatBuffer dst = bytes.asFloatBuffer();
            long from = e.begin() + r0 * rowElems * e.dtype().bytes();
            forEachMappedPiece(e, from, n, (src, count) -> decodeToF32(e.dtype(), src, count, dst));
            chunks.add(bytes);
        }
        return chunks;
    }

    /** The whole tensor widened to f32 in one heap array (small tensors: norms, biases, tests). */
    public float[] readF32(String name) {
        TensorEntry e = entry(name);
        if (e.numel() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' has " + e.numel()
                    + " elements, too many for one array; use readF32Chunks");
        }
        float[] out = new float[(int) e.numel()];
        int pos = 0;
        for (FloatBuffer chunk : readF32Chunks(name)) {
            int n = chunk.remaining();
            chunk.get(out, pos, n);
            pos += n;
        }
        return out;
    }

    /** The tensor as f16 bits (F16 as stored, F32 and BF16 rounded to nearest even) in one direct buffer. */
    public ShortBuffer readF16(String name) {
        return readF16Bytes(name).asShortBuffer();
    }

    /** As {@link #readF16}, as a direct native-order ByteBuffer (DJL creates an NDArray from it without a copy). */
    public ByteBuffer readF16Bytes(String name) {
        TensorEntry e = floatEntry(name);
        long n = e.numel();
        if (n * 2 > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' is " + (n * 2)
                    + " bytes as f16, more than one 2 GiB buffer holds");
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) (n * 2)).order(ByteOrder.nativeOrder());
        ShortBuffer dst = bytes.asShortBuffer();
        forEachMappedPiece(e, e.begin(), n, (src, count) -> decodeToF16(e.dtype(), src, count, dst));
        return bytes;
    }

    private interface PieceConsumer {
        void accept(ByteBuffer littleEndianSource, int elements);
    }

    /** Maps [from, from + elements * size) read-only in pieces of at most MAX_MAP_BYTES, in order. */
    private void forEachMappedPiece(TensorEntry e, long from, long elements, PieceConsumer consumer) {
        int size = e.dtype().bytes();
        long perPiece = MAX_MAP_BYTES / size;
        FileChannel ch = channel(e.file());
        long done = 0;
        try {
            while (done < elements) {
                int count = (int) Math.min(perPiece, elements - done);
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, from + done * size, (long) count * size);
                try {
                    // views of the mapping made by the consumer do not outlive this call
                    consumer.accept(map.duplicate().order(ByteOrder.LITTLE_ENDIAN), count);
                } finally {
                    MappedBuffers.unmap(map);
                }
                done += count;
            }
        } catch (IOException ex) {
            throw new CheckpointException(e.file() + ": tensor '" + e.name() + "': cannot map data: " + ex.getMessage(), ex);
        }
    }

    private static void decodeToF32(SafetensorsDType dtype, ByteBuffer src, int count, FloatBuffer dst) {
        switch (dtype) {
            case F32 -> dst.put(src.asFloatBuffer().limit(count));   // bulk copy (plain memcpy on little-endian hosts)
            case BF16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(HalfFloat.bf16ToFloat(s.get(i)));
                }
            }
            case F16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(HalfFloat.f16ToFloat(s.get(i)));
                }
            }
        }
    }

    private static void decodeToF16(SafetensorsDType dtype, ByteBuffer src, int count, ShortBuffer dst) {
        switch (dtype) {
            case F16 -> dst.put(src.asShortBuffer().limit(count));
            case F32 -> {
                FloatBuffer f = src.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(HalfFloat.floatToF16(f.get(i)));
                }
            }
            case BF16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(HalfFloat.floatToF16(HalfFloat.bf16ToFloat(s.get(i))));
                }
            }
        }
    }

    private synchronized FileChannel channel(Path file) {
        if (closed) {
            throw new IllegalStateException(source + ": checkpoint is closed");
        }
        FileChannel ch = channels.get(file);
        if (ch == null) {
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException ex) {
                throw new CheckpointException(file + ": cannot open: " + ex.getMessage(), ex);
            }
            channels.put(file, ch);
        }
        return ch;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (FileChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a read-only channel: nothing to recover
            }
        }
        channels.clear();
    }
}
