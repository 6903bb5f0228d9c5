package dev.moescope.routing.task;

import dev.moescope.routing.task.ChoiceScores.Normalisation;
import dev.moescope.routing.task.ChoiceScores.OptionScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics on hand-computed numbers, and the task file formats. */
class TaskMetricsTest {
    @TempDir
    Path dir;

    @Test
    void eachNormalisationPicksItsOwnBestOption() {
        List<OptionScore> options = List.of(
                new OptionScore(-6.0, 3, 12),  // sum -6,   per token -2,    per byte -0.5
                new OptionScore(-4.0, 1, 2),   // sum -4,   per token -4,    per byte -2
                new OptionScore(-6.5, 2, 26),  // sum -6.5, per token -3.25, per byte -0.25
                new OptionScore(-5.0, 5, 8));  // sum -5,   per token -1,    per byte -0.625
        assertEquals(1, ChoiceScores.predict(options, Normalisation.SUM));
        assertEquals(3, ChoiceScores.predict(options, Normalisation.PER_TOKEN));
        assertEquals(2, ChoiceScores.predict(options, Normalisation.PER_BYTE));
        assertEquals(-3.25, options.get(2).perToken(), 0);
        assertEquals(-0.25, options.get(2).perByte(), 0);
        // a tie goes to the first option
        assertEquals(0, ChoiceScores.predict(List.of(new OptionScore(-2, 1, 1), new OptionScore(-2, 1, 1)), Normalisation.SUM));
    }

    @Test
    void exactAndSubstringMatch() {
        assertTrue(GenerationScores.exactMatch("  Paris\n", List.of("Lyon", "Paris ")));
        assertFalse(GenerationScores.exactMatch("paris", List.of("Paris")), "case-sensitive");
        assertFalse(GenerationScores.exactMatch("Paris, France", List.of("Paris")));
        assertTrue(GenerationScores.substringMatch("It is Paris, France", List.of(" Paris ")));
        assertFalse(GenerationScores.substringMatch("anything", List.of("  ")), "a blank reference matches nothing");
        assertFalse(GenerationScores.substringMatch("anything", List.of()));
    }

    @Test
    void belebeleRecordsReadWithTheirDefaults() throws URISyntaxException {
        List<ChoiceItem> items = TaskFile.choices(resource("/tasks/belebele-mini.jsonl"), TaskFields.defaults());
        assertEquals(3, items.size());
        ChoiceItem de = items.get(1);
        assertEquals("deu_Latn", de.lang());
        assertEquals("Der schnelle braune Fuchs\nWas springt?\nAnswer:", de.prompt());
        assertEquals(List.of(" der Hund", " der Fuchs", " die Katze", " nichts"), de.options());
        assertEquals(1, de.answer(), "correct_answer_num \"2\" is 1-based");
        assertEquals(2, items.get(2).answer(), "a number works as well as a string");
        assertEquals("line 4", items.get(2).id(), "no id field: the line, blank lines counted");
    }

    @Test
    void otherFieldNamesArraysAndErrors() throws Exception {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, "{\"q\": \"2+2=\", \"choices\": [\"3\", \"4\"], \"label\": 1, \"lang\": \"en\", \"id\": \"a\"}\n",
                StandardCharsets.UTF_8);
        TaskFields fields = new TaskFields(List.of("q"), "choices", "label", 0, "prompt", "references", "dialect", "id");
        ChoiceItem item = TaskFile.choices(f, fields).get(0);
        assertEquals("2+2=\nAnswer:", item.prompt());
        assertEquals(List.of(" 3", " 4"), item.options());
        assertEquals(1, item.answer());
        assertEquals("en", item.lang(), "dialect absent: lang is used");

        Files.writeString(f, "{\"q\": \"x\", \"choices\": [\"3\", \"4\"], \"label\": 2, \"lang\": \"en\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskFile.choices(f, fields));
        assertTrue(e.getMessage().contains("t.jsonl:1") && e.getMessage().contains("\"label\" = 2"), e.getMessage());
        Files.write(f, new byte[] {'{', (byte) 0xff, '}'});
        e = assertThrows(IllegalArgumentException.class, () -> TaskFile.choices(f, fields));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());

        Files.writeString(f, "{\"prompt\": \"Capital of France?\", \"references\": [\"Paris\", \"paris\"], \"lang\": \"eng_Latn\"}\n"
                + "{\"prompt\": \"Say hi\", \"lang\": \"de\"}\n");
        List<GenerationItem> gens = TaskFile.generations(f, TaskFields.defaults());
        assertEquals(List.of("Paris", "paris"), gens.get(0).references());
        assertEquals(List.of(), gens.get(1).references());
        assertEquals("de", gens.get(1).lang());
    }

    @Test
    void labelsMapToLinguaByTheirFirstSubtag() {
        assertEquals("ENGLISH", LanguageConsistency.resolve("eng_Latn").orElseThrow().name());
        assertEquals("CHINESE", LanguageConsistency.resolve("zh-Hans").orElseThrow().name());
        assertEquals("CHINESE", LanguageConsistency.resolve("zho_Hant").orElseThrow().name());
        assertEquals("PORTUGUESE", LanguageConsistency.resolve("pt_BR").orElseThrow().name());
        assertEquals("GERMAN", LanguageConsistency.resolve("deu").orElseThrow().name());
        assertTrue(LanguageConsistency.resolve("my-dialect").isEmpty());
        assertTrue(LanguageConsistency.resolve("xx").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LanguageConsistency(List.of("xx"), List.of("en", "de"), true));
        assertTrue(e.getMessage().contains("\"xx\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LanguageConsistency(List.of("en"), List.of(), true));
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource(name).toURI());
    }
}
