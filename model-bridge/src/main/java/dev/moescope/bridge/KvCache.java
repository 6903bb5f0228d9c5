package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every layer for the tokens seen so far ({@code [B, kvHeads, S, headDim]}, after RoPE,
 * before GQA expansion), owned by a manager that outlives the per-step sub-managers.
 */
final class KvCache implements AutoCloseable {

    private final NDManager owner;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    KvCache(NDManager parent, int layers) {
        this.owner = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens already cached (the position of the next token). */
    int length() {
        return length;
    }

    /** Appends this step's keys and values of one layer; returns the full ones ({@code [B, kvHeads, S, D]}). */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray grow(NDArray old, NDArray add) {
        NDArray full = old == null ? add : old.concat(add, 2);
        full.attach(owner); // moves it out of the step's sub-manager
        if (old != null) {
            old.close();
        }
        return full;
    }

    /** Called after every layer has appended {@code tokens} positions. */
    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        owner.close();
    }
}
