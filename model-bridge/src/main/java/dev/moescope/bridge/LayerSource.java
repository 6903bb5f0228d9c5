package dev.moescope.bridge;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;

import java.util.List;

/**
 * Where the forward pass gets decoder layer {@code i}: all resident ({@link #resident}), or read from the
 * checkpoint for each pass and freed after it ({@link Streamed}). Called on the inference thread only.
 */
interface LayerSource extends AutoCloseable {

    int size();

    /** Layer {@code i}'s weights at the compute dtype on the device, until {@link #release}. */
    LayerWeights acquire(int i);

    /** Done with a layer acquired from this source. */
    void release(LayerWeights layer);

    boolean streamed();

    @Override
    void close();

    /** The model's resident layers: acquire and release do nothing. */
    static LayerSource resident(List<LayerWeights> layers) {
        return new LayerSource() {
            public int size() {
                return layers.size();
            }

            public LayerWeights acquire(int i) {
                return layers.get(i);
            }

            public void release(LayerWeights layer) {
            }

            public boolean streamed() {
                return false;
            }

            public void close() {
            }
        };
    }

    /**
     * Streamed execution: the checkpoint stays open (each tensor is mapped, decoded to the compute dtype and
     * unmapped again, so its pages leave the process); {@code acquire(i)} reads layer i into a sub-manager of the
     * model's manager, {@code release} closes that sub-manager and with it the layer's native memory. Every op
     * of the forward pass has an activation as its first operand, so no result outlives its layer's manager.
     */
    final class Streamed implements LayerSource {
        private final SafetensorsCheckpoint ckpt;
        private final ModelConfig config;
        private final NDManager parent;
        private final DataType dtype;
        private NDManager current;     // the acquired layer's manager, or null

        Streamed(SafetensorsCheckpoint ckpt, ModelConfig config, NDManager parent, DataType dtype) {
            this.ckpt = ckpt;
            this.config = config;
            this.parent = parent;
            this.dtype = dtype;
        }

        public int size() {
            return config.numHiddenLayers();
        }

        public LayerWeights acquire(int i) {
            if (current != null) {
                throw new IllegalStateException("layer acquired twice without release");
            }
            current = parent.newSubManager();
            try {
                return ModelWeights.layer(new ModelWeights.Loader(ckpt, current, dtype, true), config, i);
            } catch (RuntimeException | Error e) {
                releaseManager();
                throw e;
            }
        }

        public void release(LayerWeights layer) {
            releaseManager();
        }

        private void releaseManager() {
            if (current != null) {
                current.close();
                current = null;
            }
        }

        public boolean streamed() {
            return true;
        }

        public void close() {
            releaseManager();
            ckpt.close();
        }
    }
}
