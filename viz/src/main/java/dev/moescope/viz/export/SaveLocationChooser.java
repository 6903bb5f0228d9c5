package dev.moescope.viz.export;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks where to save an exported figure; injectable so tests and scripts bypass the dialog. */
@FunctionalInterface
public interface SaveLocationChooser {

    /** @return the chosen file, or empty if the user cancelled. */
    Optional<Path> choose(FigureFormat format, String suggestedFileName, Window owner);

    /** The JavaFX save dialog (FX thread only). */
    static SaveLocationChooser fileDialog() {
        return (format, suggested, owner) -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export figure as " + format.name());
            chooser.setInitialFileName(suggested);
            chooser.getExtensionFilters().add(
                    new FileChooser.ExtensionFilter(format.description(), "*." + format.extension()));
            File file = chooser.showSaveDialog(owner);
            return Optional.ofNullable(file).map(File::toPath);
        };
    }
}
