package dev.moescope.bridge.train.bpe;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trainer on corpora small enough to compute the merges by hand. */
class BpeTrainerTest {

    private static final int A = 'a';
    private static final int B = 'b';
    private static final int C = 'c';
    private static final int SPACE = ' ';

    private static List<String> spell(BpeTokenizer t) {
        return t.merges().stream().map(m -> t.spelling(m[0]) + "+" + t.spelling(m[1])).toList();
    }

    @Test
    void mergesByHand() {
        // pieces "abab" and " abc": ab 3, ba 1, " a" 1, bc 1 -> ab (259)
        // then (" ",259) 1, (259,259) 1, (259,c) 1: a tie, the smallest ids win -> " ab" (260)
        // then (259,259) 1, (260,c) 1 -> "abab" (261); then " abc" (262); then nothing is left to merge
        BpeTokenizer t = BpeTrainer.train(List.of(new BpeTrainer.LanguageText("x", "Latn", List.of("abab abc"))),
                300, 0.5, null);
        assertEquals(List.of("a+b", "Ġ+ab", "ab+ab", "Ġab+c"), spell(t));
        assertArrayEquals(new int[] {A, B}, t.merges().get(0));
        assertArrayEquals(new int[] {SPACE, 259}, t.merges().get(1));
        assertArrayEquals(new int[] {259, 259}, t.merges().get(2));
        assertArrayEquals(new int[] {260, C}, t.merges().get(3));
        assertEquals(263, t.size(), "training stops when no pair is left");
        assertArrayEquals(new int[] {261, 262}, t.encode("abab abc"));
        assertArrayEquals(new int[] {259, A, 260, 259}, t.encode("aba abab"), "ab+ab only inside one piece");
        assertEquals("aba abab", t.decode(t.encode("aba abab")));
    }

    @Test
    void vocabularySizeCapsTheMerges() {
        BpeTokenizer t = BpeTrainer.train(List.of(new BpeTrainer.LanguageText("x", "Latn", List.of("abab abc"))),
                261, 0.5, null);
        assertEquals(List.of("a+b", "Ġ+ab"), spell(t));
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train(List.of(), 200, 0.5, null));
    }

    @Test
    void scriptBalanceDecidesBetweenLanguages() {
        // three Latin languages "abx" (pairs ab, bx) and one language of another script "cdc" (cd, dc)
        List<BpeTrainer.LanguageText> langs = List.of(
                new BpeTrainer.LanguageText("l1", "Latn", List.of("abx")),
                new BpeTrainer.LanguageText("l2", "Latn", List.of("abx")),
                new BpeTrainer.LanguageText("l3", "Latn", List.of("abx")),
                new BpeTrainer.LanguageText("o", "Other", List.of("cdc")));
        // alpha 1, every language alike: ab = 3 x 1/3 = 1 beats cd = 1/3
        assertEquals("a+b", spell(BpeTrainer.train(langs, 260, 1.0, null)).get(0));
        // alpha 0, every script alike: ab = 3 x 1/9 = 1/3 ties cd = 1/3, smaller ids win
        assertEquals("a+b", spell(BpeTrainer.train(langs, 260, 0.0, null)).get(0));
        Map<String, Double> w0 = BpeTrainer.byteWeights(langs, 0.0);
        assertEquals(1.0 / 9, w0.get("l1"), 1e-12);
        assertEquals(1.0 / 3, w0.get("o"), 1e-12);
        // alpha 0.5: Latin per byte 3^-0.5 / 3 = 0.19245; ab = 0.577 beats cd = 1/3
        Map<String, Double> w5 = BpeTrainer.byteWeights(langs, 0.5);
        assertEquals(Math.pow(3, -0.5) / 3, w5.get("l2"), 1e-12);
        // give the other script a shorter text: cd then weighs 1/2 at alpha 0 and wins over ab (1/3)
        List<BpeTrainer.LanguageText> shorter = List.of(langs.get(0), langs.get(1), langs.get(2),
                new BpeTrainer.LanguageText("o", "Other", List.of("cd")));
        assertEquals("c+d", spell(BpeTrainer.train(shorter, 260, 0.0, null)).get(0));
        assertEquals("a+b", spell(BpeTrainer.train(shorter, 260, 1.0, null)).get(0));
    }

    @Test
    void preTokenizerKeepsMarksWithTheirLetters() {
        assertEquals(List.of("हिन्दी", " भाषा"), PreTokenizer.split("हिन्दी भाषा"));
        assertEquals(List.of("Hello", ",", " world", "  ", " 42", "!"), PreTokenizer.split("Hello, world   42!"));
        assertEquals(List.of("don", "'t"), PreTokenizer.split("don't"));
    }

    @Test
    void byteLevelSpellsEveryByte() {
        assertEquals("Ġ", String.valueOf(ByteLevel.charOf(' ')));
        assertEquals("Ċ", String.valueOf(ByteLevel.charOf('\n')));
        for (int b = 0; b < 256; b++) {
            byte[] one = {(byte) b};
            assertArrayEquals(one, ByteLevel.bytes(ByteLevel.spell(one, 0, 1)));
        }
    }

    @Test
    void charAlignment() {
        assertTrue(BpeTrainer.isCharAligned("aब c".getBytes(StandardCharsets.UTF_8)), "whole characters");
        byte[] ba = "ब".getBytes(StandardCharsets.UTF_8);   // E0 A4 AC
        assertTrue(BpeTrainer.isCharAligned(new byte[] {ba[0], ba[1]}), "the start of one character");
        assertFalse(BpeTrainer.isCharAligned(new byte[] {ba[1], ba[2]}), "starts inside a character");
        assertFalse(BpeTrainer.isCharAligned(new byte[] {' ', ba[0]}), "a space and the start of a character");
        assertFalse(BpeTrainer.isCharAligned(new byte[] {ba[2], 'a'}), "the end of a character and a letter");
    }

    @Test
    void mergesNeverJoinPartsOfDifferentCharacters() {
        // "ब" = E0 A4 AC, "ह" = E0 A4 B9: byte pairs across the boundary (AC E0, B9 E0) are as frequent as the
        // pairs inside; only those inside or between whole characters may be merged
        BpeTokenizer t = BpeTrainer.train(List.of(new BpeTrainer.LanguageText("hi", "Deva",
                List.of("बहबहबह बहबह"))), 300, 0.5, null);
        for (int id = BpeTokenizer.FIRST_MERGE; id < t.size(); id++) {
            assertTrue(BpeTrainer.isCharAligned(t.bytes(id)), t.spelling(id));
        }
        assertEquals(List.of(0xE0A4), List.of(((t.bytes(259)[0] & 0xff) << 8) | (t.bytes(259)[1] & 0xff)),
                "first merge: the lead and first continuation byte both characters share");
        int[] ids = t.encode("बहबह");
        assertEquals(1, ids.length, "the repeated word becomes one token: " + java.util.Arrays.toString(ids));
    }
}
