package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training forward pass against a golden trace of the HF reference implementation (the public
 * qwen3_moe fixture: GQA, q/k norms, non-unit RMSNorm weights, norm_topk_prob): same top-k experts and logits.
 */
class MoeForwardGoldenTest {

    @Test
    void matchesHuggingFaceGoldenTrace(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            try (InputStream in = getClass().getResourceAsStream(f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("golden-len33.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int[] tokens = new int[golden.get("tokens").size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = golden.get("tokens").get(i).asInt();
        }
        MoeSpec spec = MoeSpec.from(ModelConfig.read(dir), "config.json");
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights weights = MoeWeights.load(spec, dir, root);
             NDManager step = root.newSubManager()) {
            weights.lendTo(step);
            MoeForward.Output out = new MoeForward(weights).run(step, new int[][] {tokens});
            for (int l = 0; l < spec.layers(); l++) {
                JsonNode layer = golden.get("layers").get(l);
                int[] ids = out.topkIds().get(l);
                for (int t = 0; t < tokens.length; t++) {
                    int[] want = new int[spec.topK()];
                    int[] got = new int[spec.topK()];
                    for (int j = 0; j < spec.topK(); j++) {
                        want[j] = layer.get("topk_ids").get(t).get(j).asInt();
                        got[j] = ids[t * spec.topK() + j];
                    }
                    assertArrayEquals(want, got, "layer " + l + " token " + t);
                }
            }
            float[] logits = out.logits().toFloatArray();
            int v = spec.vocabSize();
            double maxErr = 0;
            double maxRef = 0;
            for (int t = 0; t < tokens.length; t++) {
                for (int i = 0; i < v; i++) {
                    double ref = golden.get("logits").get(t).get(i).asDouble();
                    maxErr = Math.max(maxErr, Math.abs(ref - logits[t * v + i]));
                    maxRef = Math.max(maxRef, Math.abs(ref));
                }
            }
            assertTrue(maxErr / maxRef <= 1e-4, "relative logit error " + maxErr / maxRef);
        }
    }
}
