package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScriptsAndTextsTest {

    @Test
    void detectsMajorityScriptOfLetters() {
        assertEquals("Latn", Scripts.detect("Hello, world 123 — ОК"));
        assertEquals("Cyrl", Scripts.detect("Все люди рождаются свободными (UN)"));
        assertEquals("Arab", Scripts.detect("يولد جميع الناس أحرارًا 1948"));
        assertEquals("Grek", Scripts.detect("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι"));
        assertEquals("Deva", Scripts.detect("सभी मनुष्यों को गौरव और अधिकारों के मामले में"));
        assertEquals("Zyyy", Scripts.detect("123 ,.!"));
    }

    @Test
    void eastAsianScriptsAreJudgedTogether() {
        assertEquals("Jpan", Scripts.detect("すべての人間は、生まれながらにして自由であり"));
        assertEquals("Jpan", Scripts.detect("人間人間人間は"), "kana present: Japanese even with more Han");
        assertEquals("Kore", Scripts.detect("모든 인간은 태어날 때부터 자유로우며 人間"));
        assertEquals("Hans", Scripts.detect("人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心"));
        assertEquals("Hant", Scripts.detect("人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心"));
        assertEquals("Latn", Scripts.detect("Vietnamese text with one 字 in it"));
    }

    @Test
    void normalizeComposesAndCollapsesWhitespace() {
        assertEquals("Café au lait", Texts.normalize("  Cafe\u0301\t\n au\u00a0\u2003lait \r\n"));
        assertEquals("می\u200cخواهم", Texts.normalize("می\u200cخواهم"), "zero-width non-joiner is kept");
        assertEquals("", Texts.normalize(" \t\n "));
    }
}
