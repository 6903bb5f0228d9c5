package dev.moescope.app.backend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Dense layers (DeepSeek's first_k_dense_replace, qwen2_moe's sparse step) are named in the model summary. */
class ModelInfoTest {

    @Test
    void denseLayersAreListed() {
        ModelInfo ds = new ModelInfo("ds", null, "deepseek_v3", 3, List.of(1, 2), 16, 4, "cpu");
        assertEquals(List.of(0), ds.denseLayers());
        assertEquals("deepseek_v3 · 3 layers (2 MoE; dense [0]) · 16 experts, top-4 · cpu", ds.summary());
        ModelInfo all = new ModelInfo("q", null, "qwen3_moe", 2, List.of(0, 1), 8, 2, "cpu");
        assertEquals("qwen3_moe · 2 layers (2 MoE) · 8 experts, top-2 · cpu", all.summary());
    }
}
