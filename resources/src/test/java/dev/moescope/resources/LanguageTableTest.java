package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageTableTest {

    private static final String HEADER = "code,name,iso6393,family,branch,script,resource_level\n";

    private static LanguageTable read(String csv) {
        return LanguageTable.read(csv.getBytes(StandardCharsets.UTF_8), "t.csv");
    }

    @Test
    void readsQuotedFieldsCommentsAndOptionalSourceColumn() {
        LanguageTable table = read("# comment\n" + HEADER.replace("\n", ",udhr_file\n")
                + "zh,\"Chinese (Mandarin, Simplified)\",cmn,Sino-Tibetan,Sinitic,Hans,HIGH,cmn_hans\n"
                + "eu,Basque,eus,Basque,Basque (isolate),Latn,low,eus\n");
        Language zh = table.find("zh").orElseThrow();
        assertEquals(new Language("zh", "Chinese (Mandarin, Simplified)", "cmn", "Sino-Tibetan", "Sinitic", "Hans",
                ResourceLevel.HIGH), zh);
        assertEquals(List.of("Basque", "Sino-Tibetan"), table.families());
        assertEquals(List.of("Hans", "Latn"), table.scripts());
        assertEquals("cmn_hans", table.udhrFile("zh").orElseThrow());
        assertEquals(1, table.inFamily("Basque").size());
    }

    @Test
    void errorsNameFileLineAndProblem() {
        assertMessage(() -> read("code,name\nen,English\n"), "t.csv:1:", "header");
        assertMessage(() -> read(HEADER + "en,English,eng,Indo-European,Germanic,Latn,huge\n"), "t.csv:2:", "resource_level");
        assertMessage(() -> read(HEADER + "en,English,eng,Indo-European,Germanic,latin,high\n"), "t.csv:2:", "ISO 15924");
        assertMessage(() -> read(HEADER + "en,English,eng,Indo-European,Germanic,Latn\n"), "t.csv:2:", "expected 7 fields");
        assertMessage(() -> read(HEADER + "en,English,eng,Indo-European,Germanic,Latn,high\nen,E,eng,I,G,Latn,high\n"),
                "t.csv:3:", "duplicate code en");
        assertMessage(() -> read(HEADER + "en,,eng,Indo-European,Germanic,Latn,high\n"), "t.csv:2:", "empty name");
        assertMessage(() -> read(HEADER + "en,\"English,eng\n"), "t.csv:2:", "unterminated");
        assertMessage(() -> read(HEADER), "t.csv", "no languages");
    }

    @Test
    void everyBundledLanguageHasItsIso6393AndFloresCodesResolved() {
        LanguageTable table = LanguageTable.demo();
        int withFlores = 0;
        for (Language l : table.all()) {
            assertEquals(l.family(), table.resolve(l.iso6393()).family(), l.iso6393());
            for (String f : table.floresCodes(l.code())) {
                Language r = table.resolve(f);
                assertEquals(f, r.code(), "shown as given");
                assertEquals(l.family(), r.family(), f);
                assertEquals(l.script(), r.script(), f);
                withFlores++;
            }
        }
        assertEquals(table.all().size() - 3, withFlores, "all but zgh, quz and quc are in FLORES-200");
    }

    @Test
    void labelsResolveByCodeFloresLocaleScriptOrName() {
        LanguageTable table = LanguageTable.demo();
        assertEquals(new Language("eng_Latn", "English", "eng", "Indo-European", "Germanic", "Latn", ResourceLevel.HIGH),
                table.resolve("eng_Latn"));
        assertEquals("Sino-Tibetan", table.resolve("zho_Hans").family());
        assertEquals("Hans", table.resolve("zho_Hans").script());
        assertEquals("German", table.resolve("deu_1996").name());
        assertEquals("Portuguese", table.resolve("pt_BR").name());
        assertEquals("Portuguese", table.resolve("pt-BR").name());
        assertEquals("Indo-European", table.resolve("PT").family());
        Language hant = table.resolve("zh-Hant");
        assertEquals("zh-Hant", hant.code());
        assertEquals("Hant", hant.script());
        assertEquals("Chinese (Hant)", hant.name());
        assertEquals("Korean", table.resolve("kor_Hang").name());
        assertEquals("Kore", table.resolve("kor_Hang").script());
        assertEquals("Afro-Asiatic", table.resolve("ara").family(), "macrolanguage alias");
        assertEquals("fr", table.resolve("French").iso6393().substring(0, 2));
        assertTrue(table.knows("swh_Latn"));
        assertEquals("eng_Latn", table.labelFor(List.of("zho_Hans", "eng_Latn"), "en").orElseThrow());
        assertEquals("en", table.labelFor(List.of("de", "en"), "en").orElseThrow());
        assertTrue(table.labelFor(List.of("de", "Plattdüütsch"), "en").isEmpty());

        Language custom = table.resolve("Alemannic (Basel)");
        assertEquals(new Language("Alemannic (Basel)", "Alemannic (Basel)", "", "unknown", "unknown", "Zzzz",
                ResourceLevel.UNKNOWN), custom);
        assertEquals("Cyrl", table.resolve("xyz_Cyrl").script());
        assertTrue(!table.knows("xyz_Cyrl"));
        assertThrows(IllegalArgumentException.class, () -> table.resolve(""));
        assertThrows(IllegalArgumentException.class, () -> table.resolve("en\n"));
    }

    private static void assertMessage(Runnable action, String... fragments) {
        CorpusException e = assertThrows(CorpusException.class, action::run);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "\"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        }
    }
}
