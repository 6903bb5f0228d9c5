package dev.moescope.bridge.safetensors;

import java.util.List;

/** The element types this reader understands, with their safetensors header names and sizes in bytes. */
public enum SafetensorsDType {
    F32(4),
    F16(2),
    BF16(2),
    /** Raw bytes: gpt-oss MXFP4 expert blocks and scales; read with {@code readU8}, never widened. */
    U8(1);

    /** Every dtype name the safetensors format defines, so that known-but-unsupported types get a precise message. */
    static final List<String> FORMAT_DTYPES = List.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4",
            "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64");

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype for a header name, or null when it is not one of F32, F16, BF16, U8. */
    public static SafetensorsDType fromHeaderName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Parses a user-facing name such as {@code f32}, {@code bf16} (case-insensitive). */
    public static SafetensorsDType parse(String name) {
        SafetensorsDType t = fromHeaderName(name.toUpperCase(java.util.Locale.ROOT));
        if (t == null || t == U8) {
            throw new IllegalArgumentException("unknown dtype '" + name + "' (supported: f32, f16, bf16)");
        }
        return t;
    }
}
