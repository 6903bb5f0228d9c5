package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;

/**
 * A linear layer {@code y = x W^T + b}. {@code weightT} is the transposed view {@code [in, out]} of the
 * stored {@code [out, in]} weight, so the activation is always the first operand (its manager owns y).
 */
record Linear(NDArray weightT /* [in, out] */, NDArray bias /* [out] or null */) {

    NDArray apply(NDArray x /* [..., in] */) {
        NDArray y = x.matMul(weightT); // [..., out]
        return bias == null ? y : y.add(bias);
    }
}
