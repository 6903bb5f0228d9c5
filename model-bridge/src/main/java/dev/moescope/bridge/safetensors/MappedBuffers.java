package dev.moescope.bridge.safetensors;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Releases a memory mapping as soon as its bytes have been decoded, instead of whenever the GC gets to it.
 * Otherwise every mapped tensor region of a large checkpoint stays mapped (and counted in the process RSS)
 * until a collection, which a mostly idle Java heap may not trigger for a long time.
 *
 * <p>Uses {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, the documented way to unmap before
 * JDK 22's Arena API). Only call it on a mapping that nothing else references: touching the buffer afterwards
 * would crash the JVM. When the method is unavailable this is a no-op and the GC unmaps as usual.
 */
final class MappedBuffers {

    private static final MethodHandle INVOKE_CLEANER = lookupCleaner();

    private MappedBuffers() {
    }

    private static MethodHandle lookupCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Unmaps {@code mapping} now (a direct, non-slice buffer returned by FileChannel.map). */
    static void unmap(ByteBuffer mapping) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(mapping);
        } catch (Throwable e) {
            // not unmappable (e.g. a view): leave it to the GC
        }
    }
}
