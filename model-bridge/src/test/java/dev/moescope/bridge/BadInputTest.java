package dev.moescope.bridge;

import dev.moescope.bridge.safetensors.SafetensorsDType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad checkpoints and inputs give clear exceptions naming the file and the problem. */
class BadInputTest {

    @TempDir
    Path tmp;

    private Path copyOf(String arch) throws IOException {
        Path src = TestCheckpoints.random(tmp, arch, SafetensorsDType.F32, 1, 3);
        Path dst = tmp.resolve(arch + "-edited");
        TestCheckpoints.copyNonWeights(src, dst);
        Files.copy(src.resolve("model.safetensors"), dst.resolve("model.safetensors"));
        return dst;
    }

    private static void editConfig(Path dir, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        change.accept(cfg);
        json.writeValue(dir.resolve("config.json").toFile(), cfg);
    }

    @Test
    void unknownModelTypeListsSupported() throws IOException {
        Path dir = copyOf("olmoe");
        editConfig(dir, c -> c.put("model_type", "jamba"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("jamba"), e.getMessage());
        assertTrue(e.getMessage().contains("deepseek_v3") && e.getMessage().contains("granitemoe"), e.getMessage());
        assertTrue(e.getMessage().contains("qwen3_moe, olmoe, mixtral, qwen2_moe"), e.getMessage());
    }

    @Test
    void unknownRopeTypeListsSupported() throws IOException {
        Path dir = copyOf("mixtral");
        editConfig(dir, c -> c.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 4.0));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("llama3") && e.getMessage().contains("default")
                && e.getMessage().contains("yarn") && e.getMessage().contains("longrope"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = copyOf("qwen3_moe");
        // one more layer than the checkpoint holds
        editConfig(dir, c -> c.put("num_hidden_layers", 4));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("model.layers.3."), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shapeContradictingConfigNamesFileAndTensor() throws IOException {
        Path dir = copyOf("olmoe");
        editConfig(dir, c -> c.put("intermediate_size", 48));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("experts.0.gate_proj.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[48, 64]") && e.getMessage().contains("[32, 64]"), e.getMessage());
    }

    @Test
    void missingTokenizer() throws IOException {
        Path dir = copyOf("olmoe");
        Files.delete(dir.resolve("tokenizer.json"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void missingConfigAndDirectory() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> MoeModel.load(tmp.resolve("nope"), LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        CheckpointException e2 = assertThrows(CheckpointException.class, () -> MoeModel.load(tmp, LoadOptions.cpu()));
        assertTrue(e2.getMessage().contains("config.json"), e2.getMessage());
    }

    @Test
    void tokenIdOutOfRangeAndStillUsable() {
        Path dir = TestCheckpoints.random(tmp, "olmoe", SafetensorsDType.F32, 1, 3);
        try (MoeModel m = MoeModel.load(dir, LoadOptions.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(new int[] {1, 2, 320}, ForwardOptions.trace()));
            assertTrue(e.getMessage().contains("320") && e.getMessage().contains("vocab_size"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.forward(new int[] {-1}, ForwardOptions.trace()));
            assertThrows(IllegalArgumentException.class, () -> m.forward(new int[0], ForwardOptions.trace()));
            assertTrue(m.forward(new int[] {1, 2}, ForwardOptions.trace()).trace() != null);
        }
    }

    @Test
    void steeringNamingADenseLayerOrUnknownExpertIsRejected() {
        Path dir = TestCheckpoints.random(tmp, "qwen2_moe", SafetensorsDType.F32, 1, 3);
        try (MoeModel m = MoeModel.load(dir, LoadOptions.cpu())) {
            IllegalArgumentException dense = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(new int[] {1}, ForwardOptions.trace(),
                            RouterIntervention.parse("{\"bias\": {\"0\": {\"1\": 1.0}}}")));
            assertTrue(dense.getMessage().contains("layer 0"), dense.getMessage());
            IllegalArgumentException expert = assertThrows(IllegalArgumentException.class,
                    () -> m.generate(new int[] {1}, GenerationOptions.greedy(2),
                            RouterIntervention.parse("{\"mask\": {\"1\": [8]}}"), null, null));
            assertTrue(expert.getMessage().contains("expert 8"), expert.getMessage());
        }
    }

    @Test
    void gpuWithoutGpuAndF16OnCpuAreClearErrors() {
        Path dir = TestCheckpoints.random(tmp, "olmoe", SafetensorsDType.F32, 1, 3);
        RuntimeException gpu = assertThrows(RuntimeException.class, () -> MoeModel.load(dir,
                new LoadOptions(Device.GPU, ComputeType.F32, ExpertDispatch.GROUPED)).close());
        assertTrue(gpu.getMessage().contains("GPU"), gpu.getMessage());
        RuntimeException f16 = assertThrows(RuntimeException.class, () -> MoeModel.load(dir,
                new LoadOptions(Device.CPU, ComputeType.F16, ExpertDispatch.GROUPED)).close());
        assertTrue(f16.getMessage().contains("f16 is only supported on the GPU"), f16.getMessage());
    }

    @Test
    void malformedSteeringFiles() {
        assertThrows(IllegalArgumentException.class, () -> RouterIntervention.parse("{\"bias\": [1]}"));
        assertThrows(IllegalArgumentException.class, () -> RouterIntervention.parse("{\"bias\": {\"x\": {}}}"));
        assertThrows(IllegalArgumentException.class, () -> RouterIntervention.parse("{\"mask\": {\"0\": [\"a\"]}}"));
        assertThrows(IllegalArgumentException.class, () -> RouterIntervention.parse("{\"boost\": {}}"));
        assertThrows(IllegalArgumentException.class, () -> RouterIntervention.parse("not json"));
    }
}
