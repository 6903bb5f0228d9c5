package dev.moescope.routing.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The routed-expert array of one request as an engine returns it: {@code [rows, layers, k]} expert ids, row-major,
 * one row per token position the engine ran (see {@link RoutedExpertsProtocol} for which positions those are).
 *
 * @param ids [rows * layers * k] expert ids, widened to int
 */
public record RoutedRows(int rows, int layers, int k, int[] ids) {

    /** The id of token row {@code r}, layer slot {@code l}, top-k slot {@code j}. */
    public int id(int r, int l, int j) {
        return ids[(r * layers + l) * k + j];
    }

    /** Element types the engines use for expert ids; numpy's names (and .npy descr codes without byte order). */
    public enum Dtype {
        UINT8("u1", 1), UINT16("u2", 2), INT16("i2", 2), INT32("i4", 4), INT64("i8", 8);

        final String code;
        final int bytes;

        Dtype(String code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** From a numpy dtype name ("uint8", "int32", ...) as SGLang's {@code routed_experts_dtype} gives it. */
        static Dtype ofName(String name) {
            for (Dtype d : values()) {
                if (d.name().toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            return null;
        }

        /** From an .npy descr type code without its byte-order character ("u1", "i4", ...). */
        static Dtype ofCode(String code) {
            for (Dtype d : values()) {
                if (d.code.equals(code)) {
                    return d;
                }
            }
            return null;
        }
    }

    /**
     * Reads {@code count} elements of {@code dtype} from {@code data} at {@code offset}; unsigned types are
     * zero-extended (u8 with {@code & 0xff}, u16 with {@code & 0xffff}), int64 must fit an int.
     */
    static int[] widen(byte[] data, int offset, int count, Dtype dtype, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.wrap(data, offset, count * dtype.bytes).order(order);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (dtype) {
                case UINT8 -> buf.get() & 0xff;
                case UINT16 -> buf.getShort() & 0xffff;
                case INT16 -> buf.getShort();
                case INT32 -> buf.getInt();
                case INT64 -> {
                    long v = buf.getLong();
                    if (v != (int) v) {
                        throw new IllegalArgumentException("int64 expert id " + v + " out of range");
                    }
                    yield (int) v;
                }
            };
        }
        return out;
    }
}
