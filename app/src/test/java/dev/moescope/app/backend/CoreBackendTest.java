package dev.moescope.app.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the real backend that need no inference: inspect, corpus languages, segments. */
class CoreBackendTest {
    @TempDir
    Path tmp;

    private Path resource(String name) throws Exception {
        return Path.of(getClass().getResource("/dev/moescope/app/" + name).toURI());
    }

    @Test
    void inspectSummarisesTheCheckpointAndChecksMemory() throws Exception {
        var i = new CoreBackend(tmp.resolve("s.db")).inspect(resource("tiny-model"), "CPU");
        assertTrue(i.summary().startsWith("qwen3_moe · 3 layers (3 MoE) · 8 experts, top-2"), i.summary());
        assertTrue(i.fits(), i.memoryNote());
        assertTrue(i.memoryNote().contains("cpu f32"), i.memoryNote());
    }

    @Test
    void inspectOfAFolderWithoutAModelSaysWhy() throws Exception {
        Files.writeString(tmp.resolve("README.md"), "not a model");
        var e = assertThrows(RuntimeException.class, () -> new CoreBackend(tmp.resolve("s.db")).inspect(tmp, "CPU"));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }

    @Test
    void corpusLanguagesAreGroupedByFamilyAndThePaperOnesPreselected() throws Exception {
        CoreBackend b = new CoreBackend(tmp.resolve("s.db"));
        Path corpus = resource("mini-corpus.jsonl");
        List<LanguageRef> langs = b.languages(corpus);
        assertEquals(4, langs.size());
        assertTrue(langs.stream().allMatch(l -> l.family().equals("Indo-European")), langs.toString());
        assertEquals(List.of("de", "en", "es", "fr"), b.defaultLanguages(corpus).stream().sorted().toList());
        assertTrue(b.segments(corpus, "de", 2).get(0).startsWith("Alle Menschen"), b.segments(corpus, "de", 2).toString());
    }
}
