package dev.moescope.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Every tensor a checkpoint of a config holds, by HF name and shape, with what it is for: the one list behind
 * parameter counts (total / active), random checkpoints and documentation. {@link ModelWeights} reads exactly
 * these names.
 */
public final class CheckpointLayout {

    /** What a tensor is for (parameter counts group by it). */
    public enum Role { EMBEDDING, LM_HEAD, ATTENTION, NORM, ROUTER, EXPERT, SHARED_EXPERT, DENSE_MLP }

    /** How a tensor is stored: float weights, or MXFP4 bytes (blocks: 2 parameters per byte; scales: none). */
    public enum Storage { FLOAT, MXFP4_BLOCKS, MXFP4_SCALES }

    /**
     * One tensor.
     *
     * @param norm whether it is a norm weight (1 + noise in random checkpoints)
     */
    public record Entry(String name, long[] shape, Role role, Storage storage, boolean norm) {
        /** Elements stored. */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Parameters it represents (MXFP4 blocks hold two 4-bit values per byte; scales are not parameters). */
        public long parameters() {
            return switch (storage) {
                case FLOAT -> numel();
                case MXFP4_BLOCKS -> 2 * numel();
                case MXFP4_SCALES -> 0;
            };
        }
    }

    private final ModelConfig c;
    private final Architecture arch;
    private final List<Entry> entries = new ArrayList<>();

    private CheckpointLayout(ModelConfig c) {
        this.c = c;
        this.arch = c.architecture();
    }

    public static List<Entry> of(ModelConfig c) {
        CheckpointLayout l = new CheckpointLayout(c);
        l.build();
        return List.copyOf(l.entries);
    }

    private void build() {
        int h = c.hiddenSize();
        add("model.embed_tokens.weight", Role.EMBEDDING, c.vocabSize(), h);
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            norm(p + "input_layernorm", Role.NORM, h);
            norm(p + "post_attention_layernorm", Role.NORM, h);
            if (arch.attention() instanceof Architecture.Mla m) {
                mla(p + "self_attn.", m);
            } else {
                gqa(p + "self_attn.", (Architecture.Gqa) arch.attention());
            }
            if (c.isMoeLayer(i)) {
                moe(p + arch.names().block());
            } else {
                mlp(p + "mlp.", c.intermediateSize(), Role.DENSE_MLP);
            }
        }
        norm("model.norm", Role.NORM, h);
        if (!c.tieWordEmbeddings()) {
            add("lm_head.weight", Role.LM_HEAD, c.vocabSize(), h);
        }
        if (arch.lmHeadBias()) {
            add("lm_head.bias", Role.LM_HEAD, c.vocabSize());
        }
    }

    private void gqa(String a, Architecture.Gqa g) {
        int h = c.hiddenSize();
        int q = g.heads() * g.headDim();
        int kv = g.kvHeads() * g.headDim();
        linear(a + "q_proj", Role.ATTENTION, q, h, g.qkvBias());
        linear(a + "k_proj", Role.ATTENTION, kv, h, g.qkvBias());
        linear(a + "v_proj", Role.ATTENTION, kv, h, g.qkvBias());
        linear(a + "o_proj", Role.ATTENTION, h, q, g.oBias());
        if (g.qkNorm() == Architecture.QkNorm.PER_HEAD) {
            normWeight(a + "q_norm.weight", Role.ATTENTION, g.headDim());
            normWeight(a + "k_norm.weight", Role.ATTENTION, g.headDim());
        } else if (g.qkNorm() == Architecture.QkNorm.WHOLE_PROJECTION) {
            normWeight(a + "q_norm.weight", Role.ATTENTION, q);
            normWeight(a + "k_norm.weight", Role.ATTENTION, kv);
        }
        if (g.sinks()) {
            add(a + "sinks", Role.ATTENTION, g.heads());
        }
    }

    private void mla(String a, Architecture.Mla m) {
        int h = c.hiddenSize();
        int qOut = m.heads() * m.qkHeadDim();
        if (m.qLoraRank() == null) {
            linear(a + "q_proj", Role.ATTENTION, qOut, h, false);
        } else {
            linear(a + "q_a_proj", Role.ATTENTION, m.qLoraRank(), h, m.bias());
            normWeight(a + "q_a_layernorm.weight", Role.ATTENTION, m.qLoraRank());
            linear(a + "q_b_proj", Role.ATTENTION, qOut, m.qLoraRank(), false);
        }
        linear(a + "kv_a_proj_with_mqa", Role.ATTENTION, m.kvLoraRank() + m.qkRopeDim(), h, m.bias());
        normWeight(a + "kv_a_layernorm.weight", Role.ATTENTION, m.kvLoraRank());
        linear(a + "kv_b_proj", Role.ATTENTION, m.heads() * (m.qkNopeDim() + m.vHeadDim()), m.kvLoraRank(), false);
        linear(a + "o_proj", Role.ATTENTION, h, m.heads() * m.vHeadDim(), m.bias());
    }

    private void moe(String m) {
        int h = c.hiddenSize();
        int experts = arch.experts().count();
        int inter = arch.experts().intermediate();
        add(m + arch.names().router(), Role.ROUTER, experts, h);
        if (arch.router() instanceof Architecture.TopKThenSoftmax t && t.bias()) {
            add(m + "router.bias", Role.ROUTER, experts);
        }
        if (arch.router() instanceof Architecture.SigmoidGroups) {
            add(m + "gate.e_score_correction_bias", Role.ROUTER, experts);
        }
        Architecture.Layout layout = arch.experts().layout();
        if (layout instanceof Architecture.PerExpert p) {
            for (int e = 0; e < experts; e++) {
                String x = m + "experts." + e + ".";
                add(x + p.gate() + ".weight", Role.EXPERT, inter, h);
                add(x + p.up() + ".weight", Role.EXPERT, inter, h);
                add(x + p.down() + ".weight", Role.EXPERT, h, inter);
            }
        } else if (layout instanceof Architecture.FusedInputOutput) {
            add(m + "input_linear.weight", Role.EXPERT, experts, 2L * inter, h);
            add(m + "output_linear.weight", Role.EXPERT, experts, h, inter);
        } else if (((Architecture.GptOssExperts) layout).mxfp4()) {
            String x = m + "experts.";
            mxfp4(x + "gate_up_proj", experts, 2L * inter, h);
            add(x + "gate_up_proj_bias", Role.EXPERT, experts, 2L * inter);
            mxfp4(x + "down_proj", experts, h, inter);
            add(x + "down_proj_bias", Role.EXPERT, experts, h);
        } else {
            String x = m + "experts.";
            add(x + "gate_up_proj", Role.EXPERT, experts, h, 2L * inter);   // [E, in, out] as HF holds it
            add(x + "gate_up_proj_bias", Role.EXPERT, experts, 2L * inter);
            add(x + "down_proj", Role.EXPERT, experts, inter, h);
            add(x + "down_proj_bias", Role.EXPERT, experts, h);
        }
        if (arch.shared() instanceof Architecture.GatedShared s) {
            mlp(m + "shared_expert.", s.intermediate(), Role.SHARED_EXPERT);
            add(m + "shared_expert_gate.weight", Role.SHARED_EXPERT, 1, h);
        } else if (arch.shared() instanceof Architecture.PlainShared s) {
            mlp(m + "shared_experts.", s.intermediate(), Role.SHARED_EXPERT);
        }
    }

    private void mxfp4(String prefix, int experts, long rows, long cols) {
        entries.add(new Entry(prefix + "_blocks", new long[] {experts, rows, cols / 32, 16}, Role.EXPERT,
                Storage.MXFP4_BLOCKS, false));
        entries.add(new Entry(prefix + "_scales", new long[] {experts, rows, cols / 32}, Role.EXPERT,
                Storage.MXFP4_SCALES, false));
    }

    private void mlp(String prefix, int width, Role role) {
        int h = c.hiddenSize();
        add(prefix + "gate_proj.weight", role, width, h);
        add(prefix + "up_proj.weight", role, width, h);
        add(prefix + "down_proj.weight", role, h, width);
    }

    private void linear(String prefix, Role role, long out, long in, boolean bias) {
        add(prefix + ".weight", role, out, in);
        if (bias) {
            add(prefix + ".bias", role, out);
        }
    }

    private void norm(String prefix, Role role, long n) {
        normWeight(prefix + ".weight", role, n);
        if (arch.norm() == Architecture.Norm.LAYER_NORM_WITH_BIAS) {
            add(prefix + ".bias", role, n);
        }
    }

    private void normWeight(String name, Role role, long n) {
        entries.add(new Entry(name, new long[] {n}, role, Storage.FLOAT, true));
    }

    private void add(String name, Role role, long... shape) {
        entries.add(new Entry(name, shape, role, Storage.FLOAT, false));
    }
}
