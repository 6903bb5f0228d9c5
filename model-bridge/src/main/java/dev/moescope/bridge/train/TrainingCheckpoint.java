package dev.moescope.bridge.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.CheckpointException;
import dev.moescope.bridge.safetensors.SafetensorsDType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Periodic checkpoints of a training run, enough to resume it exactly: after step {@code n} the run folder gets
 * {@code step-NNNNNNN/} with the f32 weights ({@code model.safetensors}), the AdamW moments and update count
 * ({@code optimizer.safetensors}) and {@code state.json} (the step, which is also the number of batches the
 * sampler has drawn, the model shape and the training options). The file {@code latest} names the newest
 * complete one; it is replaced atomically after the folder is written, then older folders are deleted, so an
 * interruption at any moment leaves a complete checkpoint.
 */
public final class TrainingCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LATEST = "latest";

    /** A saved checkpoint: its folder and the step after which it was taken. */
    public record Saved(Path dir, int step, String spec, String options) {

        /** Throws unless this checkpoint was written by a run of {@code spec} with {@code options}. */
        public void check(MoeSpec spec, TrainOptions options) {
            if (!spec.toString().equals(this.spec)) {
                throw new CheckpointException(dir.resolve("state.json") + ": the run was of model " + this.spec
                        + ", not " + spec);
            }
            if (!key(options).equals(this.options)) {
                throw new CheckpointException(dir.resolve("state.json") + ": the run used options " + this.options
                        + ", not " + key(options) + " (resume with the same options)");
            }
        }
    }

    private TrainingCheckpoint() {
    }

    /** The options as compared on resume (the log interval may change). */
    static String key(TrainOptions o) {
        return o.withLogEvery(1).toString();
    }

    /** Writes the checkpoint after {@code step} steps into {@code runDir}. */
    public static Saved save(Path runDir, int step, MoeWeights weights, AdamW adam, TrainOptions options) {
        String name = String.format("step-%07d", step);
        Path dir = runDir.resolve(name);
        try {
            Files.createDirectories(dir);
            weights.save(dir.resolve("model.safetensors"), SafetensorsDType.F32);
            adam.save(dir.resolve("optimizer.safetensors"));
            ObjectNode state = JSON.createObjectNode();
            state.put("step", step);
            state.put("sampler_batches_drawn", step);
            state.put("adamw_updates", adam.updates());
            state.put("spec", weights.spec().toString());
            state.put("options", key(options));
            Files.writeString(dir.resolve("state.json"), state.toPrettyString() + "\n", StandardCharsets.UTF_8);
            Path tmp = runDir.resolve(LATEST + ".tmp");
            Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, runDir.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteOthers(runDir, name);
        } catch (IOException e) {
            throw new UncheckedIOException(runDir + ": cannot write the checkpoint: " + e.getMessage(), e);
        }
        return new Saved(dir, step, weights.spec().toString(), key(options));
    }

    /** The newest complete checkpoint of {@code runDir}, if any. */
    public static Optional<Saved> latest(Path runDir) {
        Path latest = runDir.resolve(LATEST);
        if (!Files.isRegularFile(latest)) {
            return Optional.empty();
        }
        try {
            Path dir = runDir.resolve(Files.readString(latest, StandardCharsets.UTF_8).strip());
            Path stateFile = dir.resolve("state.json");
            if (!Files.isRegularFile(stateFile)) {
                throw new CheckpointException(latest + " names " + dir + ", which has no state.json");
            }
            JsonNode state = JSON.readTree(stateFile.toFile());
            if (!state.hasNonNull("step") || !state.hasNonNull("spec") || !state.hasNonNull("options")) {
                throw new CheckpointException(stateFile + ": needs step, spec and options");
            }
            return Optional.of(new Saved(dir, state.get("step").asInt(), state.get("spec").asText(),
                    state.get("options").asText()));
        } catch (IOException e) {
            throw new CheckpointException(latest + ": cannot read the checkpoint: " + e.getMessage(), e);
        }
    }

    private static void deleteOthers(Path runDir, String keep) throws IOException {
        try (Stream<Path> s = Files.list(runDir)) {
            for (Path old : s.filter(p -> p.getFileName().toString().startsWith("step-")
                    && !p.getFileName().toString().equals(keep) && Files.isDirectory(p)).toList()) {
                try (Stream<Path> files = Files.walk(old)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
