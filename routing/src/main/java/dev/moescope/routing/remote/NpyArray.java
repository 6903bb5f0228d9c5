package dev.moescope.routing.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0) holding a 3-D integer array, as vLLM encodes
 * {@code routed_experts} ({@code np.save} into a buffer, then base64). Layout: the magic {@code \x93NUMPY}, a major
 * and minor version byte, the header length (little-endian u16 in 1.0, u32 in 2.0/3.0), then an ASCII (3.0: UTF-8)
 * Python dict literal {@code {'descr': '<i4', 'fortran_order': False, 'shape': (T, L, k), }} padded with spaces and
 * a newline, then the raw data in C order.
 */
final class NpyArray {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyArray() {
    }

    /** Decodes a 3-D array of expert ids; every problem is an {@link IllegalArgumentException} saying what is wrong. */
    static RoutedRows decode(byte[] file) {
        if (file.length < 10 || !startsWithMagic(file)) {
            throw new IllegalArgumentException("not a .npy file (no \\x93NUMPY magic; " + file.length + " bytes)");
        }
        int major = file[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (file.length < 12) {
                throw new IllegalArgumentException(".npy header truncated");
            }
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new IllegalArgumentException(".npy format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLength < 0 || headerStart + headerLength > file.length) {
            throw new IllegalArgumentException(".npy header of " + headerLength + " bytes runs past the end of the "
                    + file.length + "-byte file (truncated)");
        }
        String header = new String(file, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        String fortran = group(FORTRAN, header, "fortran_order");
        List<Integer> shape = shape(group(SHAPE, header, "shape"));
        if (fortran.equals("True")) {
            throw new IllegalArgumentException(".npy array is in Fortran order; expected C order");
        }
        if (shape.size() != 3) {
            throw new IllegalArgumentException(".npy array has shape " + shape + "; expected 3 dimensions [tokens, layers, top_k]");
        }
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String code = descr.isEmpty() ? descr : (("<>|=".indexOf(descr.charAt(0)) >= 0) ? descr.substring(1) : descr);
        RoutedRows.Dtype dtype = RoutedRows.Dtype.ofCode(code);
        if (dtype == null) {
            throw new IllegalArgumentException(".npy dtype '" + descr + "' is not an integer type moescope reads "
                    + "(uint8, uint16, int16, int32, int64)");
        }
        long count = (long) shape.get(0) * shape.get(1) * shape.get(2);
        int dataStart = headerStart + headerLength;
        long expected = count * dtype.bytes;
        if (file.length - dataStart != expected) {
            throw new IllegalArgumentException(".npy data has " + (file.length - dataStart) + " bytes; shape " + shape
                    + " of " + descr + " needs " + expected + (file.length - dataStart < expected ? " (truncated)" : ""));
        }
        return new RoutedRows(shape.get(0), shape.get(1), shape.get(2),
                RoutedRows.widen(file, dataStart, (int) count, dtype, order));
    }

    private static boolean startsWithMagic(byte[] file) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Pattern p, String header, String field) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(".npy header has no '" + field + "': " + header.trim());
        }
        return m.group(1);
    }

    private static List<Integer> shape(String tuple) {
        List<Integer> out = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String t = part.trim().replace("L", "");
            if (!t.isEmpty()) {
                try {
                    out.add(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(".npy shape (" + tuple + ") is not a tuple of integers");
                }
            }
        }
        return out;
    }
}
