package dev.moescope.viz.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

/**
 * Export actions for one chart: PNG (2x), SVG, PDF and "Copy image", as a context menu and/or a small
 * button bar. The figure is produced by a {@link FigureSource} at the moment of export (publication
 * style, its preferred size); the save location comes from an injectable {@link SaveLocationChooser}.
 */
public final class ChartExportMenu {
    private final FigureSource source;
    private SaveLocationChooser chooser = SaveLocationChooser.fileDialog();
    private Consumer<Exception> onError = ChartExportMenu::showError;
    private Consumer<Path> onExported = path -> { };
    private Node owner;
    private FigureSize size; // null: the figure's preferred size

    public ChartExportMenu(FigureSource source) {
        this.source = Objects.requireNonNull(source, "figure source");
    }

    /** Creates a menu for {@code source} and shows it on right-click / context-menu key of {@code node}. */
    public static ChartExportMenu attach(Node node, FigureSource source) {
        ChartExportMenu menu = new ChartExportMenu(source);
        menu.owner = node;
        ContextMenu context = menu.contextMenu();
        node.setOnContextMenuRequested(e -> {
            context.show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return menu;
    }

    public void setSaveLocationChooser(SaveLocationChooser chooser) {
        this.chooser = Objects.requireNonNull(chooser);
    }

    public void setOnError(Consumer<Exception> onError) {
        this.onError = Objects.requireNonNull(onError);
    }

    public void setOnExported(Consumer<Path> onExported) {
        this.onExported = Objects.requireNonNull(onExported);
    }

    /** Export size in points for every format (PNG is 2x in pixels); null restores the figure's preferred size. */
    public void setFigureSize(FigureSize size) {
        this.size = size;
    }

    public ContextMenu contextMenu() {
        ContextMenu menu = new ContextMenu();
        for (FigureFormat format : FigureFormat.values()) {
            MenuItem item = new MenuItem("Export " + format.description() + "...");
            item.setOnAction(e -> export(format));
            menu.getItems().add(item);
        }
        MenuItem copy = new MenuItem("Copy image");
        copy.setOnAction(e -> copyImage());
        menu.getItems().addAll(new SeparatorMenuItem(), copy);
        return menu;
    }

    /** Small buttons "PNG", "SVG", "PDF", "Copy" (style class {@code chart-export-bar}). */
    public HBox buttonBar() {
        HBox bar = new HBox(4);
        bar.getStyleClass().add("chart-export-bar");
        for (FigureFormat format : FigureFormat.values()) {
            Button b = new Button(format.name());
            b.setOnAction(e -> export(format));
            bar.getChildren().add(b);
        }
        Button copy = new Button("Copy");
        copy.setOnAction(e -> copyImage());
        bar.getChildren().add(copy);
        if (owner == null) {
            owner = bar;
        }
        return bar;
    }

    /** Asks for a location and writes the figure; returns the written file (empty if cancelled or failed). */
    public Optional<Path> export(FigureFormat format) {
        ExportableChart figure = source.figure();
        String name = fileName(figure.title()) + "." + format.extension();
        Optional<Path> target = chooser.choose(format, name, window());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try {
            FigureSize s = sizeOf(figure);
            FigureExporter.export(figure, format, target.get(), s.width(), s.height());
            onExported.accept(target.get());
            return target;
        } catch (IOException | RuntimeException e) {
            onError.accept(new IOException("could not export " + target.get() + ": " + e.getMessage(), e));
            return Optional.empty();
        }
    }

    public void copyImage() {
        ExportableChart figure = source.figure();
        try {
            FigureSize s = sizeOf(figure);
            FigureExporter.copyToClipboard(figure, s.width(), s.height());
        } catch (RuntimeException e) {
            onError.accept(e);
        }
    }

    private FigureSize sizeOf(ExportableChart figure) {
        return size != null ? size : figure.preferredSize();
    }

    /** Title to a safe file name: letters, digits, '-' and '_'. */
    static String fileName(String title) {
        String s = title == null ? "" : title.strip().replaceAll("[^\\p{L}\\p{N}_-]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "figure" : s;
    }

    private Window window() {
        return owner != null && owner.getScene() != null ? owner.getScene().getWindow() : null;
    }

    private static void showError(Exception e) {
        Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
        alert.setHeaderText("Export failed");
        alert.show();
    }
}
