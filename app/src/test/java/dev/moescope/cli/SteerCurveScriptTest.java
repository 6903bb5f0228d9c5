package dev.moescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moescope.resources.Corpus;
import dev.moescope.resources.LanguageTable;
import org.junit.jupiter.api.Test;

class SteerCurveScriptTest {

    @Test
    void scriptShareCountsLettersOnlyAndTheCjkScriptsAsOne() {
        assertEquals(6 / 11.0, SteerCurveCommand.scriptShare("Привет, world 42!", "Cyrl"), 1e-12);
        assertEquals(1.0, SteerCurveCommand.scriptShare("人人生而自由", "Hans"), 1e-12);
        assertEquals(1.0, SteerCurveCommand.scriptShare("すべての人間", "Hans"), 1e-12, "kana counts with Han for a CJK target");
        assertEquals(0.0, SteerCurveCommand.scriptShare("123 ...", "Latn"), 1e-12);
        assertEquals("Deva", SteerCurveCommand.scriptOf(LanguageTable.demo(), Corpus.demo(), "hi"));
        assertEquals("Arab", SteerCurveCommand.scriptOf(LanguageTable.demo(), Corpus.demo(), "ar"));
    }
}
