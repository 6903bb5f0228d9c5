package dev.moescope.bridge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** model-bridge must never depend on JavaFX. */
class NoJavafxTest {

    @Test
    void mainSourcesNeverImportJavafx() throws IOException {
        Path src = Path.of("src/main/java");
        assertTrue(Files.isDirectory(src), "run from the module directory");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(src)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readAllLines(p).stream().anyMatch(l -> l.trim().matches("import\\s+(static\\s+)?javafx\\..*"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(offenders.isEmpty(), "javafx imported by " + offenders);
        try (Stream<Path> files = Files.walk(src)) {
            assertFalse(files.filter(p -> p.toString().endsWith(".java")).toList().isEmpty());
        }
    }
}
