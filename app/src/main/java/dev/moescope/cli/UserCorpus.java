package dev.moescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small user corpus for the screenshots: four languages, the same twelve sentences each, as {@code <lang>.txt}. */
final class UserCorpus {
    private UserCorpus() {}

    private static final Map<String, List<String>> TEXTS = Map.of(
            "en", List.of("The sun rises in the east.", "My brother reads a book every week.", "We drink coffee in the morning.",
                    "The train to the city leaves at nine.", "Children play in the park after school.",
                    "She writes letters to her grandmother.", "The market is closed on Sunday.", "It rained all night.",
                    "He plants tomatoes in his garden.", "The library opens at ten o'clock.", "They walk the dog by the river.",
                    "Our teacher speaks three languages."),
            "de", List.of("Die Sonne geht im Osten auf.", "Mein Bruder liest jede Woche ein Buch.", "Wir trinken morgens Kaffee.",
                    "Der Zug in die Stadt fährt um neun.", "Kinder spielen nach der Schule im Park.",
                    "Sie schreibt ihrer Großmutter Briefe.", "Der Markt ist am Sonntag geschlossen.", "Es hat die ganze Nacht geregnet.",
                    "Er pflanzt Tomaten in seinem Garten.", "Die Bibliothek öffnet um zehn Uhr.", "Sie führen den Hund am Fluss aus.",
                    "Unsere Lehrerin spricht drei Sprachen."),
            "fr", List.of("Le soleil se lève à l'est.", "Mon frère lit un livre chaque semaine.", "Nous buvons du café le matin.",
                    "Le train pour la ville part à neuf heures.", "Les enfants jouent au parc après l'école.",
                    "Elle écrit des lettres à sa grand-mère.", "Le marché est fermé le dimanche.", "Il a plu toute la nuit.",
                    "Il plante des tomates dans son jardin.", "La bibliothèque ouvre à dix heures.",
                    "Ils promènent le chien au bord de la rivière.", "Notre professeur parle trois langues."),
            "es", List.of("El sol sale por el este.", "Mi hermano lee un libro cada semana.", "Tomamos café por la mañana.",
                    "El tren a la ciudad sale a las nueve.", "Los niños juegan en el parque después de la escuela.",
                    "Ella escribe cartas a su abuela.", "El mercado está cerrado el domingo.", "Llovió toda la noche.",
                    "Él planta tomates en su jardín.", "La biblioteca abre a las diez.", "Pasean al perro junto al río.",
                    "Nuestra profesora habla tres idiomas."));

    /** Writes the corpus into {@code dir} (created) and returns it. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var e : TEXTS.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".txt"), e.getValue());
        }
        return dir;
    }
}
