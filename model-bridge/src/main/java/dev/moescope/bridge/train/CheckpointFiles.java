package dev.moescope.bridge.train;

import dev.moescope.bridge.safetensors.SafetensorsDType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a trained model as a standard Hugging Face checkpoint directory: config.json, generation_config.json,
 * model.safetensors and the byte-level tokenizer files (ids 0..255 = bytes, bos 256, eos 257, pad 258).
 */
public final class CheckpointFiles {

    /** The tokenizer files, shipped as resources of this package (same structure as the public fixtures). */
    public static final List<String> TOKENIZER_FILES =
            List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");

    private CheckpointFiles() {
    }

    /** Writes every file into {@code dir} (created if missing) with the byte-level tokenizer; {@code dtype} is F32 or BF16. */
    public static void write(Path dir, MoeWeights weights, SafetensorsDType dtype) {
        write(dir, weights, dtype, null);
    }

    /**
     * Like {@link #write(Path, MoeWeights, SafetensorsDType)}, with the {@link #TOKENIZER_FILES} copied from
     * {@code tokenizerDir} (e.g. written by {@code BpeTokenizer.writeFiles}); null: the byte-level ones.
     */
    public static void write(Path dir, MoeWeights weights, SafetensorsDType dtype, Path tokenizerDir) {
        String torchDtype = switch (dtype) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case U8 -> throw new IllegalArgumentException("U8 is not a weight dtype");
        };
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), weights.spec().configJson(torchDtype), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("generation_config.json"), MoeSpec.generationConfigJson(),
                    StandardCharsets.UTF_8);
            for (String name : TOKENIZER_FILES) {
                if (tokenizerDir != null) {
                    Path from = tokenizerDir.resolve(name);
                    if (!Files.isRegularFile(from)) {
                        throw new IllegalArgumentException(from + ": missing (a tokenizer folder needs " + TOKENIZER_FILES + ")");
                    }
                    Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    continue;
                }
                try (InputStream in = CheckpointFiles.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + name + " missing from the model-bridge jar");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the checkpoint: " + e.getMessage(), e);
        }
        weights.save(dir.resolve("model.safetensors"), dtype);
    }
}
