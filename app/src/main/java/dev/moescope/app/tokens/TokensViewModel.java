package dev.moescope.app.tokens;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Tokens of a text coloured by their top expert at a chosen MoE layer, each with its expert path
 * through all layers; a second text (e.g. the parallel segment in another language) beside it.
 */
public final class TokensViewModel {
    /** A token: decoded text, and its top-1 expert at every MoE layer. */
    public record TokenRoute(String text, int[] topExpertPerLayer) {
        public int topExpert(int layerIndex) {
            return layerIndex < topExpertPerLayer.length ? topExpertPerLayer[layerIndex] : -1;
        }
    }

    private final Backend backend;
    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final StringProperty leftText = new SimpleStringProperty("The cat sat on the mat.");
    private final StringProperty rightText = new SimpleStringProperty("");
    private final StringProperty leftLanguage = new SimpleStringProperty();
    private final StringProperty rightLanguage = new SimpleStringProperty();
    private final IntegerProperty segmentIndex = new SimpleIntegerProperty(0);
    private final IntegerProperty layerIndex = new SimpleIntegerProperty(0);
    private final ObservableList<TokenRoute> left = FXCollections.observableArrayList();
    private final ObservableList<TokenRoute> right = FXCollections.observableArrayList();
    private final ObservableList<String> languages = FXCollections.observableArrayList();
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private long version;

    public TokensViewModel(Backend backend, BackgroundWork work, Consumer<Throwable> onError) {
        this.backend = backend;
        this.work = work;
        this.onError = onError;
        session.addListener((o, a, s) -> {
            version++; // routes of the old model still in flight are dropped
            left.clear();
            right.clear();
            if (s != null) {
                layerIndex.set(Math.min(layerIndex.get(), Math.max(0, s.info().moeLayers().size() - 1)));
                analyze();
            }
        });
    }

    private final dev.moescope.app.common.Availability availability = new dev.moescope.app.common.Availability();

    /** Whether this tab can work on what is loaded (imported statistics have no traces and no model). */
    public dev.moescope.app.common.Availability availability() { return availability; }
    public ObjectProperty<ModelSession> sessionProperty() { return session; }
    public StringProperty leftTextProperty() { return leftText; }
    public StringProperty rightTextProperty() { return rightText; }
    public StringProperty leftLanguageProperty() { return leftLanguage; }
    public StringProperty rightLanguageProperty() { return rightLanguage; }
    public IntegerProperty segmentIndexProperty() { return segmentIndex; }
    public IntegerProperty layerIndexProperty() { return layerIndex; }
    public ObservableList<TokenRoute> leftTokens() { return left; }
    public ObservableList<TokenRoute> rightTokens() { return right; }
    public ObservableList<String> languages() { return languages; }
    public ObjectProperty<Path> corpusProperty() { return corpus; }

    public void setStats(RoutingStats s) {
        languages.setAll(s == null ? List.of() : s.languages());
        if (leftLanguage.get() != null && !languages.contains(leftLanguage.get())) {
            leftLanguage.set(null); // a language of the previous corpus or selection
        }
        if (rightLanguage.get() != null && !languages.contains(rightLanguage.get())) {
            rightLanguage.set(null);
        }
        if (leftLanguage.get() == null && !languages.isEmpty()) {
            leftLanguage.set(languages.contains("en") ? "en" : languages.get(0));
            rightLanguage.set(languages.stream().filter(l -> !l.equals(leftLanguage.get())).findFirst().orElse(null));
        }
    }

    /** Fills both texts with segment {@link #segmentIndexProperty()} of the two languages, then routes them. */
    public void pickSegments() {
        String a = leftLanguage.get();
        String b = rightLanguage.get();
        int i = segmentIndex.get();
        Path c = corpus.get();
        work.run("Reading segments", () -> List.of(pick(c, a, i), pick(c, b, i)), texts -> {
            leftText.set(texts.get(0));
            rightText.set(texts.get(1));
            analyze();
        }, onError);
    }

    private String pick(Path c, String lang, int i) {
        if (lang == null) {
            return "";
        }
        List<String> segs = backend.segments(c, lang, i + 1);
        return segs.isEmpty() ? "" : segs.get(Math.min(i, segs.size() - 1));
    }

    /** Routes both texts (one forward pass each, on the inference thread) and shows the chips. */
    public void analyze() {
        ModelSession s = session.get();
        if (s == null) {
            return;
        }
        String a = leftText.get();
        String b = rightText.get();
        long v = ++version;
        work.run("Routing tokens", () -> List.of(routes(s, a), routes(s, b)), r -> {
            if (v == version) {
                left.setAll(r.get(0));
                right.setAll(r.get(1));
            }
        }, onError);
    }

    static List<TokenRoute> routes(ModelSession s, String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        ModelSession.Routing r = s.route(text);
        List<TokenRoute> out = new ArrayList<>();
        for (int t = 0; t < r.pieces().size(); t++) {
            int[] path = new int[r.topkIds().length];
            for (int l = 0; l < path.length; l++) {
                path[l] = r.topkIds()[l][t][0];
            }
            out.add(new TokenRoute(r.pieces().get(t).text(), path));
        }
        return out;
    }
}
