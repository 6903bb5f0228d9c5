package dev.moescope.routing.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Identifies a checkpoint cheaply: sha256 over config.json and the JSON header of every *.safetensors file
 * (names, dtypes, shapes, offsets), in file-name order. Tensor data is not read, so a 60 GB model hashes in
 * milliseconds; two checkpoints with identical headers but different weights would collide (not expected
 * in practice for real checkpoints, whose headers carry metadata).
 */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    public static String of(Path modelDir) {
        MessageDigest sha = sha256();
        Path config = modelDir.resolve("config.json");
        try {
            sha.update(Files.readAllBytes(config));
            List<Path> shards;
            try (Stream<Path> files = Files.list(modelDir)) {
                shards = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            }
            for (Path shard : shards) {
                sha.update(shard.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(header(shard));
            }
        } catch (IOException e) {
            throw new StoreException(modelDir + ": cannot fingerprint model: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The header bytes: a little-endian u64 length, then that many bytes of JSON. */
    private static byte[] header(Path shard) throws IOException {
        try (InputStream in = Files.newInputStream(shard)) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) {
                throw new IOException(shard + ": too short for a safetensors header");
            }
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > 100_000_000) {
                throw new IOException(shard + ": implausible safetensors header length " + n);
            }
            return in.readNBytes((int) n);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
