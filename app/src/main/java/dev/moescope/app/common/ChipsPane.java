package dev.moescope.app.common;

import java.util.List;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;

/**
 * Token chips in a wrapping row, kept in sync with an observable list: appends add chips, replaced
 * items restyle theirs. Text is shown decoded; whitespace-only and newline tokens get a visible mark.
 */
public final class ChipsPane<T> extends FlowPane {
    private final Function<T, String> text;
    private final Function<T, List<String>> styleClasses;

    public ChipsPane(ObservableList<T> items, Function<T, String> text, Function<T, List<String>> styleClasses) {
        this.text = text;
        this.styleClasses = styleClasses;
        getStyleClass().add("chips-pane");
        setHgap(2);
        setVgap(3);
        items.forEach(i -> getChildren().add(chip(i)));
        items.addListener((ListChangeListener<T>) c -> {
            while (c.next()) {
                if (c.wasPermutated() || (c.wasRemoved() && !c.wasReplaced())) {
                    getChildren().setAll(items.stream().map(this::chip).toList());
                    return;
                }
                if (c.wasReplaced() && c.getRemovedSize() == c.getAddedSize()) {
                    for (int i = c.getFrom(); i < c.getTo(); i++) {
                        getChildren().set(i, chip(items.get(i)));
                    }
                } else if (c.wasAdded()) {
                    if (c.wasRemoved()) {
                        getChildren().remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                    }
                    getChildren().addAll(c.getFrom(), c.getAddedSubList().stream().map(this::chip).toList());
                }
            }
        });
    }

    /** What a token looks like on a chip: spaces as-is except a visible mark for newlines and tabs. */
    public static String visible(String s) {
        if (s.isEmpty()) {
            return "\u00B7"; // a token inside a multi-byte character: its text comes with a later token
        }
        if (s.isBlank() && !s.contains("\n")) {
            return "\u2423".repeat(Math.max(1, s.length())); // a space-only token stays visible
        }
        return s.replace("\n", "\u23CE").replace("\t", "\u21E5");
    }

    private Label chip(T item) {
        Label l = new Label(visible(text.apply(item)));
        l.getStyleClass().add("token-chip");
        l.getStyleClass().addAll(styleClasses.apply(item));
        return l;
    }
}
