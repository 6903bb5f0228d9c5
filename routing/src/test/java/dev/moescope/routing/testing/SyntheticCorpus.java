package dev.moescope.routing.testing;

import dev.moescope.routing.store.SampleText;

import java.util.ArrayList;
import java.util.List;

/** Small multilingual-looking samples for store and job tests. */
public final class SyntheticCorpus {
    private SyntheticCorpus() {
    }

    public static List<SampleText> samples(int perLanguage) {
        String[][] langs = {
                {"en", "The quick brown fox jumps over the lazy dog number "},
                {"de", "Der schnelle braune Fuchs springt über den faulen Hund Nummer "},
                {"zh", "敏捷的棕色狐狸跳过了懒狗，编号 "}};
        List<SampleText> out = new ArrayList<>();
        for (String[] l : langs) {
            for (int i = 0; i < perLanguage; i++) {
                out.add(new SampleText(l[0], l[0] + "-" + i, "article-" + (i % 3), "train", l[1] + i));
            }
        }
        return out;
    }
}
