package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint written by the trainer, read back by the inference bridge ({@link MoeModel}, an independent
 * HF-compatible reader): same logits (1e-3 relative) and the same top-k experts as the training forward pass,
 * in f32 and in bf16.
 */
class TrainedCheckpointInferenceTest {

    @Test
    void inferenceBridgeMatchesTrainingForward(@TempDir Path tmp) {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        texts.put("en", List.of("All human beings are born free and equal in dignity and rights."));
        texts.put("fr", List.of("Tous les êtres humains naissent libres et égaux en dignité et en droits."));
        TrainOptions o = new TrainOptions(3, 2, 32, 1e-2, 0.1, 1, 0.1, 1.0, 5, 3);
        String probe = "Everyone has the right to life, liberty and security of person. Ça va?";
        int[] bytes = MoeScorer.byteIds(probe);
        int[] ids = new int[bytes.length + 1];   // <|bos|> + the bytes
        ids[0] = MoeSpec.BOS;
        System.arraycopy(bytes, 0, ids, 1, bytes.length);
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights trained = new MoeTrainer(MoeSpec.tiny(), o).train(texts, root, r -> { })) {
            for (SafetensorsDType dtype : new SafetensorsDType[] {SafetensorsDType.F32, SafetensorsDType.BF16}) {
                Path dir = tmp.resolve(dtype.name());
                CheckpointFiles.write(dir, trained, dtype);
                MoeSpec spec = MoeSpec.from(ModelConfig.read(dir), "config.json");
                MoeForward.Output mine;
                float[] myLogits;
                try (MoeWeights loaded = MoeWeights.load(spec, dir, root); NDManager m = root.newSubManager()) {
                    loaded.lendTo(m);
                    mine = new MoeForward(loaded).run(m, new int[][] {ids});
                    myLogits = mine.logits().toFloatArray();
                }
                ForwardResult theirs;
                try (MoeModel model = MoeModel.load(dir, LoadOptions.cpu())) {
                    theirs = model.forward(ids, ForwardOptions.trace());
                    // the streams separate texts with <|bos|>: generation stops at it as at <|eos|>
                    assertEquals(java.util.Set.of(MoeSpec.EOS, MoeSpec.BOS), model.tokenizer().eosIds());
                }
                int v = spec.vocabSize();
                double maxErr = 0;
                double maxRef = 0;
                for (int t = 0; t < ids.length; t++) {
                    for (int i = 0; i < v; i++) {
                        maxErr = Math.max(maxErr, Math.abs(theirs.logits()[t][i] - myLogits[t * v + i]));
                        maxRef = Math.max(maxRef, Math.abs(theirs.logits()[t][i]));
                    }
                }
                assertTrue(maxRef > 0.1, "non-trivial logits");
                assertTrue(maxErr / maxRef <= 1e-3, dtype + ": relative logit error " + maxErr / maxRef);
                assertEquals(spec.layers(), theirs.trace().layers().size());
                for (int l = 0; l < spec.layers(); l++) {
                    LayerRouting lr = theirs.trace().layers().get(l);
                    for (int t = 0; t < ids.length; t++) {
                        int[] want = new int[spec.topK()];
                        System.arraycopy(mine.topkIds().get(l), t * spec.topK(), want, 0, spec.topK());
                        assertArrayEquals(want, lr.topkIds()[t], dtype + " layer " + l + " token " + t);
                    }
                }
            }
        }
        assertEquals(probe.getBytes(StandardCharsets.UTF_8).length + 1, ids.length);
    }
}
