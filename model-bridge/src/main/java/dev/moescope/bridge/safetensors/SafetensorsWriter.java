package dev.moescope.bridge.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes safetensors files: one file, or HF-style shards {@code model-0000N-of-0000M.safetensors} plus
 * {@code model.safetensors.index.json}. Tensor data is produced lazily, one tensor at a time, so a large random
 * checkpoint never has to sit in memory at once. F16/BF16 are rounded to nearest even.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENCODE_BLOCK = 1 << 20;   // elements encoded per write

    private SafetensorsWriter() {
    }

    /** A tensor to write; {@code data} is called once, when the tensor is written, and must give numel floats. */
    public record Tensor(String name, SafetensorsDType dtype, long[] shape, Supplier<float[]> data) {
        public Tensor {
            shape = shape.clone();
        }

        public static Tensor of(String name, SafetensorsDType dtype, long[] shape, float[] data) {
            return new Tensor(name, dtype, shape, () -> data);
        }

        public long numel() {
            return TensorEntry.numel(shape);
        }

        public long byteLength() {
            return numel() * dtype.bytes();
        }
    }

    /** Writes the tensors, in the given order, with an optional {@code __metadata__} (null or empty: none). */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new TreeMap<>(metadata));
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.containsKey(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", t.dtype().name());
            e.put("shape", t.shape());
            e.put("data_offsets", new long[] {offset, offset + t.byteLength()});
            header.put(t.name(), e);
            offset += t.byteLength();
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // pad the header with spaces to a multiple of 8 so the data area starts aligned (as the reference writer does)
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocateDirect(ENCODE_BLOCK * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                float[] data = t.data().get();
                if (data.length != t.numel()) {
                    throw new IllegalArgumentException("tensor '" + t.name() + "': shape " + Arrays.toString(t.shape())
                            + " needs " + t.numel() + " values, got " + data.length);
                }
                for (int from = 0; from < data.length; from += ENCODE_BLOCK) {
                    int to = Math.min(data.length, from + ENCODE_BLOCK);
                    buf.clear();
                    encode(t.dtype(), data, from, to, buf);
                    buf.flip();
                    writeFully(ch, buf);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static void encode(SafetensorsDType dtype, float[] data, int from, int to, ByteBuffer out) {
        switch (dtype) {
            case F32 -> {
                for (int i = from; i < to; i++) {
                    out.putFloat(data[i]);
                }
            }
            case F16 -> {
                for (int i = from; i < to; i++) {
                    out.putShort(HalfFloat.floatToF16(data[i]));
                }
            }
            case BF16 -> {
                for (int i = from; i < to; i++) {
                    out.putShort(HalfFloat.floatToBf16(data[i]));
                }
            }
            case U8 -> {
                for (int i = from; i < to; i++) {
                    out.put((byte) (int) data[i]); // byte values 0..255 given as floats (MXFP4 blocks, scales)
                }
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** The HF shard file name, e.g. {@code model-00002-of-00003.safetensors}. */
    public static String shardName(int index, int count) {
        return String.format("model-%05d-of-%05d.safetensors", index + 1, count);
    }

    /**
     * Writes the tensors into {@code shards} files of roughly equal byte size (tensors kept whole and in order,
     * no shard empty) plus {@code model.safetensors.index.json}. Returns the shard paths.
     */
    public static List<Path> writeSharded(Path dir, List<Tensor> tensors, int shards, Map<String, String> metadata) {
        if (shards < 1 || shards > tensors.size()) {
            throw new IllegalArgumentException("shards must be between 1 and the number of tensors (" + tensors.size()
                    + "), got " + shards);
        }
        long total = 0;
        for (Tensor t : tensors) {
            total += t.byteLength();
        }
        List<List<Tensor>> groups = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            groups.add(new ArrayList<>());
        }
        int s = 0;
        long cumulative = 0;
        for (int i = 0; i < tensors.size(); i++) {
            groups.get(s).add(tensors.get(i));
            cumulative += tensors.get(i).byteLength();
            int tensorsLeft = tensors.size() - 1 - i;
            int shardsLeft = shards - 1 - s;
            if (shardsLeft > 0 && (cumulative * shards >= total * (s + 1) || tensorsLeft == shardsLeft)) {
                s++;
            }
        }
        Map<String, String> weightMap = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        for (int g = 0; g < shards; g++) {
            String name = shardName(g, shards);
            Path file = dir.resolve(name);
            write(file, groups.get(g), metadata);
            groups.get(g).forEach(t -> weightMap.put(t.name(), name));
            files.add(file);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", total));
        index.put("weight_map", weightMap);
        try {
            Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the index: " + e.getMessage(), e);
        }
        return files;
    }
}
