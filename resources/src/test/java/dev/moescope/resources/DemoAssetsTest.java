package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAssetsTest {

    @TempDir
    Path tmp;

    @Test
    void folderOnDiskIsReturnedDirectly() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes/demo-model"));
        Files.writeString(dir.resolve("config.json"), "{}");
        assertEquals(dir, DemoAssets.modelDir(dir.toUri().toURL(), tmp.resolve("cache")));
    }

    @Test
    void folderWithOnlyAReadmeIsAbsent() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes/demo-model"));
        Files.writeString(dir.resolve("README.md"), "not a model");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DemoAssets.modelDir(dir.toUri().toURL(), tmp.resolve("cache")));
        assertTrue(e.getMessage().contains("demo model files are absent"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> DemoAssets.modelDir(null, tmp.resolve("cache")));
    }

    @Test
    void jarEntriesAreExtractedOnceToAHashedCacheFolder() throws IOException {
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "dev/moescope/resources/demo-model/README.md", "doc");
            put(out, "dev/moescope/resources/demo-model/config.json", "{\"n\": 1}");
            put(out, "dev/moescope/resources/demo-model/weights/model.safetensors", "0123456789");
        }
        URL url = new URL("jar:" + jar.toUri() + "!/dev/moescope/resources/demo-model/");
        Path cache = tmp.resolve("cache");
        Path dir = DemoAssets.modelDir(url, cache);
        assertEquals(cache, dir.getParent());
        assertTrue(dir.getFileName().toString().matches("demo-model-[0-9a-f]{16}"), dir.toString());
        assertEquals("{\"n\": 1}", Files.readString(dir.resolve("config.json")));
        assertEquals("0123456789", Files.readString(dir.resolve("weights/model.safetensors")));
        // second call: same folder, nothing re-extracted
        Files.writeString(dir.resolve("config.json"), "changed locally");
        assertEquals(dir, DemoAssets.modelDir(url, cache));
        assertEquals("changed locally", Files.readString(dir.resolve("config.json")));
    }

    @Test
    void jarWithoutModelFilesIsAbsent() throws IOException {
        Path jar = tmp.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "dev/moescope/resources/demo-model/README.md", "doc");
        }
        URL url = new URL("jar:" + jar.toUri() + "!/dev/moescope/resources/demo-model/");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DemoAssets.modelDir(url, tmp.resolve("c")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }

    private static void put(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
