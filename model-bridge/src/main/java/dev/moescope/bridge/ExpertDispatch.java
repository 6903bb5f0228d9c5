package dev.moescope.bridge;

/** How tokens reach their experts inside an MoE layer. */
public enum ExpertDispatch {
    /** Stacked expert weights; tokens sorted by expert, one fused gate/up matmul and one down matmul per active expert. */
    GROUPED,
    /** Reference: loops over every expert like HF's eager code, separate gate/up/down matmuls. */
    HF_LOOP
}
