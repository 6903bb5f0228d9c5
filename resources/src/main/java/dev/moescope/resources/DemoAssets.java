package dev.moescope.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The assets bundled for the demo: the UDHR corpus and a small MoE model trained on it (files in
 * resources/src/main/resources/dev/moescope/resources/demo-model/).
 */
public final class DemoAssets {

    static final String MODEL_RESOURCE = "/dev/moescope/resources/demo-model/";
    /** Files in the model folder that are documentation, not model files. */
    private static final List<String> NOT_MODEL_FILES = List.of("README.md", ".gitkeep");
    private static final String COMPLETE_MARKER = ".complete";

    private DemoAssets() {
    }

    /** The bundled UDHR corpus ({@link Corpus#demo()}). */
    public static Corpus corpus() {
        return Corpus.demo();
    }

    /** The language table of the bundled corpus ({@link LanguageTable#demo()}). */
    public static LanguageTable languages() {
        return LanguageTable.demo();
    }

    /**
     * A directory holding the demo model files. Running from target/classes this is the resource
     * folder itself; running from a jar the files are extracted once to
     * {@code ~/.cache/moescope/demo-model-<hash>/} (the cache root can be moved with the system
     * property {@code moescope.cache}).
     *
     * @throws IllegalStateException when the model files are not bundled
     */
    public static Path modelDir() {
        URL url = DemoAssets.class.getResource(MODEL_RESOURCE);
        String cache = System.getProperty("moescope.cache");
        Path cacheRoot = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "moescope");
        return modelDir(url, cacheRoot);
    }

    static Path modelDir(URL url, Path cacheRoot) {
        if (url == null) {
            throw absent("classpath:" + MODEL_RESOURCE + " does not exist");
        }
        try {
            URI uri = url.toURI();
            if ("file".equals(uri.getScheme())) {
                Path dir = Path.of(uri);
                requireModelFiles(dir, dir.toString());
                return dir;
            }
            if ("jar".equals(uri.getScheme())) {
                return extractFromJar(uri, cacheRoot);
            }
            throw absent("unsupported resource location " + uri);
        } catch (URISyntaxException e) {
            throw absent("bad resource URL " + url);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo model: " + e.getMessage(), e);
        }
    }

    private static Path extractFromJar(URI uri, Path cacheRoot) throws IOException {
        String spec = uri.toString();
        int sep = spec.indexOf("!/");
        URI jarUri = URI.create(spec.substring(0, sep));
        String inside = spec.substring(sep + 1);
        FileSystem fs;
        boolean close;
        try {
            fs = FileSystems.newFileSystem(jarUri, Map.of());
            close = true;
        } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(jarUri);
            close = false;
        }
        try {
            Path source = fs.getPath(inside);
            List<Path> files = modelFiles(source);
            if (files.isEmpty()) {
                throw absent(spec + " holds no model files");
            }
            Path target = cacheRoot.resolve("demo-model-" + hash(source, files));
            if (Files.exists(target.resolve(COMPLETE_MARKER))) {
                return target;
            }
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, "demo-model-");
            for (Path file : files) {
                Path dest = staging.resolve(source.relativize(file).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process extracted the same files first: keep theirs
                if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
                    throw raced;
                }
                deleteTree(staging);
            }
            return target;
        } finally {
            if (close) {
                fs.close();
            }
        }
    }

    private static void requireModelFiles(Path dir, String where) throws IOException {
        if (modelFiles(dir).isEmpty()) {
            throw absent(where + " holds no model files");
        }
    }

    private static List<Path> modelFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !NOT_MODEL_FILES.contains(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /** First 16 hex digits of a SHA-256 over the relative names and contents of the files. */
    private static String hash(Path root, List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                sha.update(root.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static IllegalStateException absent(String detail) {
        return new IllegalStateException("demo model files are absent (" + detail + "); the demo model is trained "
                + "separately and its files belong in resources/src/main/resources" + MODEL_RESOURCE);
    }
}
