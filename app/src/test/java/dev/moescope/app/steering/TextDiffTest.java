package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void changedWordsAreMarkedOnBothSidesAndTheRestIsKept() {
        TextDiff.Result r = TextDiff.diff("Everyone has the right to work.", "Everyone has the duty to rest.");
        assertEquals(List.of(new TextDiff.Span("Everyone has the ", false), new TextDiff.Span("right", true),
                new TextDiff.Span(" to ", false), new TextDiff.Span("work", true), new TextDiff.Span(".", false)), r.baseline());
        assertEquals(List.of(new TextDiff.Span("Everyone has the ", false), new TextDiff.Span("duty", true),
                new TextDiff.Span(" to ", false), new TextDiff.Span("rest", true), new TextDiff.Span(".", false)), r.steered());
        assertEquals(2, r.changedWords());
        assertEquals("2 of 6 words differ", r.summary());
    }

    @Test
    void anInsertionShiftsNothingElse() {
        // position-wise, every token after the insertion would differ; the LCS keeps them
        TextDiff.Result r = TextDiff.diff("a b c d", "a x b c d");
        assertEquals(List.of(new TextDiff.Span("a ", false), new TextDiff.Span("x ", true), new TextDiff.Span("b c d", false)),
                r.steered());
        assertEquals(List.of(new TextDiff.Span("a b c d", false)), r.baseline());
        assertEquals(1, r.changedWords());
    }

    @Test
    void equalTextsHaveNoChangeAndSpacesBetweenChangesJoinThem() {
        assertEquals("Steered output equals the baseline", TextDiff.diff("same text", "same text").summary());
        TextDiff.Result r = TextDiff.diff("one two three four", "one five six four");
        assertEquals(List.of(new TextDiff.Span("one ", false), new TextDiff.Span("five six", true),
                new TextDiff.Span(" four", false)), r.steered());
    }

    @Test
    void unitsCoverTheTextAndCutUnspacedScriptsPerCharacter() {
        String text = "人人生而自由, всеки има право; हर किसी को";
        assertEquals(text, String.join("", TextDiff.units(text)));
        assertEquals(List.of("人", "人", "生", "而", "自", "由", ",", " ", "всеки", " ", "има"), TextDiff.units(text).subList(0, 11));
        // Devanagari vowel signs are marks: the word stays whole
        assertEquals("किसी", TextDiff.units(text).get(TextDiff.units(text).size() - 3));
    }

    @Test
    void promptOpeningsCutAtASpaceOrAfterHalfTheLimitWithoutSpaces() {
        String en = "Everyone has the right to a standard of living adequate for the health and well-being of himself";
        String p = PromptSamples.opening(en);
        assertEquals("Everyone has the right to a standard of living adequate for the", p);
        assertEquals(32, PromptSamples.opening("人".repeat(100)).length());
        assertEquals("short", PromptSamples.opening("  short "));
    }
}
