package dev.moescope.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classical compressors as a baseline for {@code eval}, given the same training text as context: the cost of a
 * held-out article is {@code size(context + "\n" + article) - size(context)} bytes, where the context is its
 * language's training segments joined by "\n" (each article on its own, not given the other held-out articles).
 * Bits per byte = 8 x cost / the article's UTF-8 bytes.
 */
final class EvalCompressors {

    /** A compressor: the compressed size of some bytes. */
    interface Compressor {
        String name();

        long size(byte[] data);
    }

    private static final byte[] SEP = "\n".getBytes(StandardCharsets.UTF_8);

    private EvalCompressors() {
    }

    /** The training segments joined by "\n": the context a compressor is given. */
    static byte[] context(List<String> training) {
        return String.join("\n", training).getBytes(StandardCharsets.UTF_8);
    }

    /** Bits of each article given the context: 8 x (size(context + "\n" + article) - size(context)). */
    static double[] conditionalBits(Compressor c, byte[] context, List<byte[]> articles) {
        long base = c.size(context);
        double[] bits = new double[articles.size()];
        for (int i = 0; i < articles.size(); i++) {
            byte[] a = articles.get(i);
            byte[] joined = new byte[context.length + SEP.length + a.length];
            System.arraycopy(context, 0, joined, 0, context.length);
            System.arraycopy(SEP, 0, joined, context.length, SEP.length);
            System.arraycopy(a, 0, joined, context.length + SEP.length, a.length);
            bits[i] = 8.0 * (c.size(joined) - base);
        }
        return bits;
    }

    /** The compressors found on this machine; a missing one is named in {@code missing}. */
    static List<Compressor> available(Path work, List<String> missing) {
        List<Compressor> out = new ArrayList<>();
        if (runs(List.of("xz", "--version"))) {
            out.add(new Xz());
        } else {
            missing.add("xz -9e (no xz on the PATH)");
        }
        Optional<String> sevenZip = List.of("7z", "7zz", "7za").stream().filter(b -> runs(List.of(b, "i"))).findFirst();
        if (sevenZip.isPresent()) {
            out.add(new Ppmd(sevenZip.get(), work));
        } else {
            missing.add("7-Zip PPMd (no 7z, 7zz or 7za on the PATH; e.g. apt-get install p7zip-full)");
        }
        return out;
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command with {@code input} on stdin; its stdout. */
    private static byte[] run(List<String> command, byte[] input, Path cwd) {
        try {
            Process p = new ProcessBuilder(command).directory(cwd == null ? null : cwd.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread feeder = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(input);
                } catch (IOException ignored) {
                    // the exit status below tells
                }
            });
            feeder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream s = p.getInputStream()) {
                s.transferTo(out);
            }
            feeder.join();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit status " + p.exitValue());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** {@code xz -9e} (one thread, .xz container): the size of its output. */
    static final class Xz implements Compressor {
        @Override
        public String name() {
            return "xz -9e";
        }

        @Override
        public long size(byte[] data) {
            return run(List.of("xz", "-9e", "-T1", "-c", "--format=xz"), data, null).length;
        }
    }

    /**
     * 7-Zip PPMd, order 8, 64 MiB of model memory: the packed size of the data in a .7z archive (headers excluded).
     * 7-Zip shrinks PPMd's memory to about 16 x the input size, which for a 10 kB context is small enough that the
     * model restarts and adding text can make the output smaller; a 4 MiB file of zeros archived beside the data
     * (non-solid, so it does not touch the data's stream) keeps the memory at the 64 MiB asked for.
     */
    static final class Ppmd implements Compressor {
        private static final Pattern PACKED = Pattern.compile("Path = data\\R(?:.*\\R)*?Packed Size = (\\d+)");
        private final String binary;
        private final Path work;

        Ppmd(String binary, Path work) {
            this.binary = binary;
            this.work = work;
        }

        @Override
        public String name() {
            return "7-Zip PPMd o8";
        }

        @Override
        public long size(byte[] data) {
            try {
                Path filler = work.resolve("zeros");
                if (!Files.exists(filler)) {
                    Files.write(filler, new byte[4 << 20]);
                }
                Path archive = work.resolve("a.7z");
                Files.write(work.resolve("data"), data);
                Files.deleteIfExists(archive);
                run(List.of(binary, "a", "-t7z", "-ms=off", "-mmt1", "-m0=PPMd:o=8:mem=64m", "-bso0", "-bsp0",
                        "a.7z", "data", "zeros"), new byte[0], work);
                String listing = new String(run(List.of(binary, "l", "-slt", "a.7z"), new byte[0], work),
                        StandardCharsets.UTF_8);
                Matcher m = PACKED.matcher(listing);
                if (!m.find()) {
                    throw new IllegalStateException(binary + " l -slt " + archive + ": no packed size for the data");
                }
                return Long.parseLong(m.group(1));
            } catch (IOException e) {
                throw new UncheckedIOException(work + ": " + e.getMessage(), e);
            }
        }
    }
}
