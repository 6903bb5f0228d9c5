package dev.moescope.routing.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte layouts of the trace BLOBs, all little-endian and row-major; a sample's row concatenates its MoE layers
 * in ascending order (ids {@code [L, T, k]}, weights {@code [L, T, k]}, entropy {@code [L, T]}):
 * <ul>
 *   <li>expert ids: {@code [T, k]} as u8 when the model has at most 256 experts, else u16;</li>
 *   <li>routing weights: {@code [T, k]} as f16;</li>
 *   <li>router softmax entropy (nats): {@code [T]} as f16;</li>
 *   <li>token ids: {@code [T]} as i32.</li>
 * </ul>
 * For 48 MoE layers with top-8 over 128 experts this is 48 * (8 + 16) = 1152 bytes of ids and weights per
 * token, plus 96 bytes of entropy. An ids-only trace (from a remote engine) stores empty weight and entropy BLOBs
 * and reads back as {@link LayerTrace}s whose weights and entropy are null.
 */
public final class TracePacking {
    private TracePacking() {
    }

    /** Bytes per expert id: 1 for at most 256 experts (ids 0..255 fit in u8), else 2. */
    public static int idBytes(int numExperts) {
        return numExperts <= 256 ? 1 : 2;
    }

    /** Bytes one token takes in the trace BLOBs over {@code layers} MoE layers (ids, weights, entropy). */
    public static int bytesPerToken(int layers, int topK, int numExperts, boolean withEntropy) {
        return layers * (topK * idBytes(numExperts) + topK * 2 + (withEntropy ? 2 : 0));
    }

    public static byte[] packIds(int[][] ids, int numExperts) { // ids: [T, k]
        int width = idBytes(numExperts);
        int k = ids.length == 0 ? 0 : ids[0].length;
        ByteBuffer buf = ByteBuffer.allocate(ids.length * k * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : ids) {
            for (int id : row) {
                if (id < 0 || id >= numExperts) {
                    throw new IllegalArgumentException("expert id " + id + " outside 0.." + (numExperts - 1));
                }
                if (width == 1) {
                    buf.put((byte) id); // u8: stored as the low byte, read back with & 0xff
                } else {
                    buf.putShort((short) id); // u16: read back with & 0xffff
                }
            }
        }
        return buf.array();
    }

    public static int[][] unpackIds(byte[] blob, int tokens, int k, int numExperts) { // -> [T, k]
        int width = idBytes(numExperts);
        checkLength(blob, tokens * k * width, "expert ids");
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int[][] out = new int[tokens][k];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < k; j++) {
                out[t][j] = width == 1 ? buf.get() & 0xff : buf.getShort() & 0xffff;
            }
        }
        return out;
    }

    public static byte[] packHalves(float[][] values) { // [T, k] -> f16 bytes
        int k = values.length == 0 ? 0 : values[0].length;
        ByteBuffer buf = ByteBuffer.allocate(values.length * k * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : values) {
            for (float v : row) {
                buf.putShort(Half.fromFloat(v));
            }
        }
        return buf.array();
    }

    public static float[][] unpackHalves(byte[] blob, int tokens, int k) { // -> [T, k]
        checkLength(blob, tokens * k * 2, "f16 matrix");
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[tokens][k];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < k; j++) {
                out[t][j] = Half.toFloat(buf.getShort());
            }
        }
        return out;
    }

    public static byte[] packHalves(float[] values) { // [T] -> f16 bytes
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putShort(Half.fromFloat(v));
        }
        return buf.array();
    }

    public static float[] unpackHalfVector(byte[] blob) {
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[blob.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Half.toFloat(buf.getShort());
        }
        return out;
    }

    public static byte[] packTokens(int[] tokens) {
        ByteBuffer buf = ByteBuffer.allocate(tokens.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int t : tokens) {
            buf.putInt(t);
        }
        return buf.array();
    }

    public static int[] unpackTokens(byte[] blob) {
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[blob.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getInt();
        }
        return out;
    }

    private static void checkLength(byte[] blob, int expected, String what) {
        if (blob.length != expected) {
            throw new StoreException("corrupt trace: " + what + " BLOB has " + blob.length + " bytes, expected " + expected);
        }
    }

    static byte[] packLayerIds(List<LayerTrace> layers, int numExperts) {
        return concat(layers.stream().map(l -> packIds(l.topkIds(), numExperts)).toList());
    }

    static byte[] packLayerWeights(List<LayerTrace> layers) {
        if (!layers.isEmpty() && !layers.get(0).hasWeights()) {
            return new byte[0]; // ids-only
        }
        return concat(layers.stream().map(l -> packHalves(l.topkWeights())).toList());
    }

    static byte[] packLayerEntropy(List<LayerTrace> layers) {
        if (!layers.isEmpty() && !layers.get(0).hasWeights()) {
            return new byte[0]; // ids-only
        }
        return concat(layers.stream().map(l -> packHalves(l.entropy())).toList());
    }

    /** Splits a sample's concatenated BLOBs back into one {@link LayerTrace} per MoE layer. */
    static List<LayerTrace> unpackLayers(ModelInfo model, int tokens, byte[] ids, byte[] weights, byte[] entropy) {
        int layers = model.moeLayers().size();
        int k = model.topK();
        int idChunk = tokens * k * idBytes(model.numExperts());
        int weightChunk = tokens * k * 2;
        int entropyChunk = tokens * 2;
        checkLength(ids, layers * idChunk, "expert ids");
        boolean idsOnly = tokens > 0 && weights.length == 0 && entropy.length == 0; // a remote engine's trace
        if (!idsOnly) {
            checkLength(weights, layers * weightChunk, "weights");
            checkLength(entropy, layers * entropyChunk, "entropy");
        }
        List<LayerTrace> out = new ArrayList<>(layers);
        for (int li = 0; li < layers; li++) {
            if (idsOnly) {
                out.add(LayerTrace.idsOnly(model.moeLayers().get(li),
                        unpackIds(slice(ids, li * idChunk, idChunk), tokens, k, model.numExperts())));
                continue;
            }
            out.add(new LayerTrace(model.moeLayers().get(li),
                    unpackIds(slice(ids, li * idChunk, idChunk), tokens, k, model.numExperts()),
                    unpackHalves(slice(weights, li * weightChunk, weightChunk), tokens, k),
                    unpackHalfVector(slice(entropy, li * entropyChunk, entropyChunk))));
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static byte[] slice(byte[] blob, int from, int length) {
        return java.util.Arrays.copyOfRange(blob, from, from + length);
    }
}
