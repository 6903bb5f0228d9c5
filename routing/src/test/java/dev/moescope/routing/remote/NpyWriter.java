package dev.moescope.routing.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes expert ids as the engines do, for the engine double and the protocol tests. */
final class NpyWriter {
    private NpyWriter() {
    }

    /** Encodes ids as an .npy 1.0 file of the given dtype (little-endian); the tests' engine double uses it. */
    static byte[] encode(RoutedRows rows, RoutedRows.Dtype dtype) {
        String dict = "{'descr': '" + (dtype.bytes == 1 ? "|" : "<") + dtype.code + "', 'fortran_order': False, 'shape': ("
                + rows.rows() + ", " + rows.layers() + ", " + rows.k() + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64; // numpy aligns the data to 64 bytes
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - unpadded)).append('\n');
        ByteBuffer buf = ByteBuffer.allocate(padded + rows.ids().length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(NpyArray.MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        putAll(buf, rows.ids(), dtype);
        return buf.array();
    }

    /** Writes ids as raw little-endian elements of {@code dtype} (SGLang's flat encoding, and .npy data). */
    static void putAll(ByteBuffer buf, int[] ids, RoutedRows.Dtype dtype) {
        for (int id : ids) {
            switch (dtype) {
                case UINT8 -> buf.put((byte) id); // low byte; read back with & 0xff
                case UINT16, INT16 -> buf.putShort((short) id);
                case INT32 -> buf.putInt(id);
                case INT64 -> buf.putLong(id);
            }
        }
    }

}
