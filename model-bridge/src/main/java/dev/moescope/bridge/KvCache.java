package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the tokens seen so far, preallocated for one generation and written in place:
 * each layer gets two buffers {@code [B, heads, capacity, D]} on its first append, shaped and typed like the first
 * keys and values it receives (so layers and architectures may differ, e.g. MLA's {@code Dk != Dv}), owned by a
 * manager that outlives the per-step sub-managers. A step copies only its own new positions into them; the full
 * keys and values it reads are views of the first {@link #length()} + new positions, not copies. Appending past the
 * capacity (a caller that sized it too small) doubles the buffers once, with one copy.
 */
final class KvCache implements AutoCloseable {

    private final NDManager owner;
    private final NDArray[] keys;    // per layer [B, kvHeads, capacity, Dk] or null before its first append
    private final NDArray[] values;  // per layer [B, kvHeads, capacity, Dv]
    private int capacity;
    private int length;
    private int allocations;         // buffers allocated so far (2 per layer, unless one had to grow)

    /** @param capacity positions to preallocate: prompt + new tokens of the generation */
    KvCache(NDManager parent, int layers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("KV cache capacity must be at least 1, got " + capacity);
        }
        this.owner = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.capacity = capacity;
    }

    /** Tokens already cached (the position of the next token). */
    int length() {
        return length;
    }

    /** Positions the buffers hold. */
    int capacity() {
        return capacity;
    }

    /** Buffers allocated so far: 2 per layer when the capacity sufficed (a decode step allocates none). */
    int allocations() {
        return allocations;
    }

    /**
     * Writes this step's keys {@code [B, kvHeads, T, Dk]} and values {@code [B, kvHeads, T, Dv]} of one layer at
     * positions {@code length .. length + T}; returns views of all cached positions ({@code [B, kvHeads, S, D]},
     * S = length + T) owned by the step's manager (the one of {@code k}).
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        int end = length + (int) k.getShape().get(2);
        if (end > capacity) {
            grow(Math.max(end, 2 * capacity));
        }
        keys[layer] = write(keys[layer], k, end);
        values[layer] = write(values[layer], v, end);
        NDIndex cached = positions(0, end);
        return new NDArray[] {keys[layer].get(k.getManager(), cached), values[layer].get(k.getManager(), cached)};
    }

    private NDArray write(NDArray buffer, NDArray add, int end) {
        if (buffer == null) {
            Shape s = add.getShape();                                                  // [B, heads, T, D]
            buffer = owner.zeros(new Shape(s.get(0), s.get(1), capacity, s.get(3)), add.getDataType());
            allocations++;
        }
        buffer.set(positions(length, end), add);                                       // in place
        return buffer;
    }

    /** Moves every layer to buffers of {@code newCapacity} positions (one copy of what is cached). */
    private void grow(int newCapacity) {
        for (NDArray[] buffers : new NDArray[][] {keys, values}) {
            for (int l = 0; l < buffers.length; l++) {
                NDArray old = buffers[l];
                if (old == null) {
                    continue;
                }
                Shape s = old.getShape();
                NDArray bigger = owner.zeros(new Shape(s.get(0), s.get(1), newCapacity, s.get(3)), old.getDataType());
                allocations++;
                if (length > 0) {
                    bigger.set(positions(0, length), old.get(positions(0, length)));
                }
                old.close();
                buffers[l] = bigger;
            }
        }
        capacity = newCapacity;
    }

    /** Positions {@code from .. to} of {@code [B, heads, S, D]}, built without parsing a string (twice per layer and step). */
    private static NDIndex positions(long from, long to) {
        return new NDIndex().addAllDim(2).addSliceDim(from, to);
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
