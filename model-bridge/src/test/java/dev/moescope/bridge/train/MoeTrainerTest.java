package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few steps of real training on a tiny model: finite decreasing loss, determinism, a loadable checkpoint. */
class MoeTrainerTest {

    private static final String TEXT = "Alle Menschen sind frei und gleich an Würde und Rechten geboren. "
            + "Все люди рождаются свободными и равными в своем достоинстве и правах.";

    private static Map<String, List<String>> texts() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("deu", List.of(TEXT.substring(0, 64)));
        t.put("rus", List.of(TEXT.substring(64)));
        return t;
    }

    @Test
    void overfitsOneFixedBatch() {
        // one language whose stream (bos + 40 bytes) is exactly one window: every batch is the same
        String fixed = "The quick brown fox jumps over the dog. ";
        Map<String, List<String>> one = Map.of("eng", List.of(fixed));
        TrainOptions o = new TrainOptions(30, 2, 40, 1e-2, 0.1, 3, 0.0, 1.0, 7, 1);
        List<Double> losses = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights w = new MoeTrainer(MoeSpec.tiny(), o).train(one, root, r -> losses.add(r.loss()))) {
            assertEquals(30, losses.size());
            losses.forEach(l -> assertTrue(Double.isFinite(l), "loss " + l));
            assertTrue(losses.get(0) > Math.log(200), "starts near uniform: " + losses.get(0));
            assertTrue(losses.get(29) < 0.5 * losses.get(0), "memorises the batch: " + losses);
        }
    }

    @Test
    void sameSeedGivesSameWeightsAndCheckpointLoads(@TempDir Path dir) throws Exception {
        TrainOptions o = new TrainOptions(4, 2, 24, 3e-3, 0.1, 1, 0.1, 1.0, 11, 2);
        List<Double> losses = new ArrayList<>();
        float[] first;
        float[] second;
        try (NDManager root = NDManager.newBaseManager()) {
            try (MoeWeights a = new MoeTrainer(MoeSpec.tiny(), o).train(texts(), root, r -> losses.add(r.loss()))) {
                first = a.flatten();
                CheckpointFiles.write(dir, a, SafetensorsDType.F32);
            }
            try (MoeWeights b = new MoeTrainer(MoeSpec.tiny(), o).train(texts(), root, r -> { })) {
                second = b.flatten();
            }
            assertArrayEquals(first, second, "same seed, same weights");
            assertTrue(losses.stream().allMatch(Double::isFinite));

            ModelConfig config = ModelConfig.read(dir);
            assertEquals("qwen3_moe", config.modelType());
            assertEquals(List.of(0, 1), config.moeLayers());
            MoeSpec spec = MoeSpec.from(config, "config.json");
            assertEquals(MoeSpec.tiny().withRouterAuxCoef(0.001), spec);
            try (MoeWeights loaded = MoeWeights.load(spec, dir, root)) {
                assertArrayEquals(first, loaded.flatten(), "f32 checkpoint round-trips");
            }
            for (String f : CheckpointFiles.TOKENIZER_FILES) {
                assertTrue(Files.size(dir.resolve(f)) > 0, f);
            }
            assertTrue(Files.readString(dir.resolve("tokenizer.json")).contains("\"<|bos|>\""));
        }
    }

    @Test
    void interruptedAndResumedRunIsBitIdenticalToAStraightOne(@TempDir Path dir) {
        Map<String, int[]> streams = WindowSampler.byteStreams(texts());
        TrainOptions o = new TrainOptions(6, 2, 24, 3e-3, 0.1, 2, 0.1, 1.0, 5, 1);
        MoeTrainer trainer = new MoeTrainer(MoeSpec.tiny(), o);
        float[] straight;
        float[] resumed;
        try (NDManager root = NDManager.newBaseManager()) {
            try (MoeWeights w = trainer.trainStreams(streams, root, r -> { }, null, null)) {
                straight = w.flatten();
            }
            Path run = dir.resolve("run");
            List<Integer> steps = new ArrayList<>();
            try (MoeWeights w = trainer.trainStreams(streams, root, r -> steps.add(r.step()), null,
                    new MoeTrainer.Checkpointing(run, 2, 4, false))) {
                assertEquals(List.of(1, 2, 3, 4), steps, "stops after step 4");
                assertFalse(java.util.Arrays.equals(straight, w.flatten()), "4 steps differ from 6");
            }
            assertEquals(4, TrainingCheckpoint.latest(run).orElseThrow().step());
            assertFalse(Files.exists(run.resolve("step-0000002")), "older checkpoints are deleted");
            assertThrows(IllegalArgumentException.class, () -> trainer.trainStreams(streams, root, r -> { }, null,
                    new MoeTrainer.Checkpointing(run, 2, 0, false)), "a fresh run refuses a used folder");
            assertThrows(RuntimeException.class, () -> new MoeTrainer(MoeSpec.tiny(), o.withSteps(7)).trainStreams(
                    streams, root, r -> { }, null, new MoeTrainer.Checkpointing(run, 2, 0, true)),
                    "resuming with other options is refused");
            steps.clear();
            try (MoeWeights w = trainer.trainStreams(streams, root, r -> steps.add(r.step()), null,
                    new MoeTrainer.Checkpointing(run, 2, 0, true))) {
                assertEquals(List.of(5, 6), steps, "continues at step 5");
                resumed = w.flatten();
            }
        }
        assertArrayEquals(straight, resumed, "6 straight steps == 4 steps, stop, resume, 2 steps");
    }

    @Test
    void aRescheduledResumeEndsEarlierWithTheLearningRateDecayed(@TempDir Path dir) {
        Map<String, int[]> streams = WindowSampler.byteStreams(texts());
        TrainOptions o = new TrainOptions(8, 2, 24, 3e-3, 0.1, 2, 0.1, 1.0, 5, 1);
        MoeTrainer trainer = new MoeTrainer(MoeSpec.tiny(), o);
        Path run = dir.resolve("run");
        List<MoeTrainer.StepReport> reports = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager()) {
            trainer.trainStreams(streams, root, r -> { }, null, new MoeTrainer.Checkpointing(run, 2, 3, false)).close();
            assertThrows(IllegalArgumentException.class, () -> trainer.rescheduledTo(2), "not inside the warm-up");
            assertThrows(IllegalArgumentException.class, () -> trainer.rescheduledTo(9), "not past the run");
            trainer.rescheduledTo(5).trainStreams(streams, root, reports::add, null,
                    new MoeTrainer.Checkpointing(run, 2, 0, true)).close();
        }
        assertEquals(List.of(4, 5), reports.stream().map(MoeTrainer.StepReport::step).toList(), "ends after step 5 of 8");
        assertEquals(3e-3 * 0.1, reports.get(1).lr(), 1e-12, "the last step runs at the floor of the shortened decay");
        assertEquals(5, TrainingCheckpoint.latest(run).orElseThrow().step());
    }
}
