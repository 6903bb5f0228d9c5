package dev.moescope.app.sidebar;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.LanguageRef;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.textfield.TextFields;

/** The sidebar: model and device, corpus, languages, and the collection with progress and cancel. */
public final class SidebarView extends VBox {
    private final SidebarViewModel vm;
    private final Consumer<Throwable> onError;
    private final CheckComboBox<LanguageRef> languages = new CheckComboBox<>();
    private boolean syncing;

    public SidebarView(SidebarViewModel vm, Consumer<Throwable> onError) {
        super(8);
        this.vm = vm;
        this.onError = onError;
        getStyleClass().add("sidebar");
        setPadding(new Insets(10));
        setMinWidth(250);
        setPrefWidth(300);
        getChildren().addAll(modelSection(), new Separator(), corpusSection(), new Separator(), collectSection());
    }

    private VBox modelSection() {
        Label title = section("Model");
        Label summary = new Label();
        summary.setId("model-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.modelSummaryProperty());
        Button demo = tip(new Button("Demo model"), "Load the small bundled demo model");
        demo.setOnAction(e -> vm.loadModel(null, false));
        Button open = tip(new Button("Open model folder..."), "Any Hugging Face MoE checkpoint folder (config.json + "
                + "safetensors): shows its summary and a memory check before loading (Ctrl+O)");
        open.setId("open-model");
        open.setOnAction(e -> openModelFolder());
        ChoiceBox<String> device = tip(new ChoiceBox<>(), "Device to run the model on; GPU needs a CUDA build of PyTorch");
        device.getItems().setAll("CPU", "GPU");
        device.valueProperty().bindBidirectional(vm.deviceProperty());
        demo.disableProperty().bind(vm.loadingProperty());
        open.disableProperty().bind(vm.loadingProperty());
        HBox buttons = new HBox(6, demo, open, device);
        TextField budget = tip(new TextField(), "Resident-memory budget for the weights: auto (the device's free "
                + "memory) or a size such as 8g or 500m. A model larger than the budget runs streamed, layer by layer: "
                + "collecting routing works, generation and steering need it resident");
        budget.setId("memory-budget");
        budget.setPrefColumnCount(6);
        budget.setText(vm.memoryBudgetProperty().get());
        // committed on Enter or when the field loses focus, so a half-typed size is never used
        budget.setOnAction(e -> vm.memoryBudgetProperty().set(budget.getText()));
        budget.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                vm.memoryBudgetProperty().set(budget.getText());
            }
        });
        budget.disableProperty().bind(vm.loadingProperty());
        Label budgetLabel = new Label("Memory budget");
        budgetLabel.setLabelFor(budget);
        HBox memory = new HBox(6, budgetLabel, budget);
        memory.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return new VBox(6, title, summary, buttons, memory);
    }

    private VBox corpusSection() {
        Label title = section("Corpus and languages");
        Label corpus = new Label();
        corpus.setWrapText(true);
        corpus.setId("corpus-label");
        corpus.textProperty().bind(vm.corpusLabelProperty());
        javafx.scene.control.Tooltip where = new javafx.scene.control.Tooltip();
        where.textProperty().bind(vm.corpusProperty().map(Object::toString).orElse("The bundled UDHR corpus (60 languages)"));
        corpus.setTooltip(where);
        Button demo = tip(new Button("Demo corpus"), "Use the bundled UDHR corpus");
        demo.setOnAction(e -> vm.setCorpus(null));
        Button open = tip(new Button("Open corpus..."), "A corpus file (JSONL)");
        open.setOnAction(e -> openCorpus());
        Button folder = tip(new Button("Folder..."), "A corpus folder of per-language text files (<lang>.txt, one segment a line)");
        folder.setId("open-corpus-folder");
        folder.setOnAction(e -> openCorpusFolder());
        Label note = new Label();
        note.setId("corpus-note");
        note.setWrapText(true);
        note.getStyleClass().add("warning-note");
        note.textProperty().bind(vm.corpusNoteProperty());
        note.visibleProperty().bind(vm.corpusNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());

        languages.setId("language-picker");
        tip(languages, "Languages to collect and compare, grouped by family; the paper's ten are preselected");
        languages.setTitle("Languages");
        languages.setShowCheckedCount(true);
        languages.setConverter(new StringConverter<>() {
            @Override public String toString(LanguageRef l) { return l == null ? "" : l.family() + " · " + l.name() + " (" + l.code() + ")"; }
            @Override public LanguageRef fromString(String s) { return null; }
        });
        languages.setMaxWidth(Double.MAX_VALUE);
        vm.languageTable().addListener((ListChangeListener<LanguageRef>) c -> pushLanguages());
        vm.selectedLanguages().addListener((ListChangeListener<String>) c -> pushChecks());
        languages.getCheckModel().getCheckedItems().addListener((ListChangeListener<LanguageRef>) c -> {
            if (!syncing) {
                vm.setSelectedLanguages(languages.getCheckModel().getCheckedItems().stream().map(LanguageRef::code).toList());
            }
        });
        TextField search = tip(new TextField(), "Search a language by name or code; pick a suggestion to check it");
        search.setPromptText("Search languages...");
        TextFields.bindAutoCompletion(search, req -> vm.languageTable().stream()
                .filter(l -> (l.name() + " " + l.code()).toLowerCase().contains(req.getUserText().toLowerCase()))
                .map(l -> l.name() + " (" + l.code() + ")").toList())
                .setOnAutoCompleted(e -> {
                    String picked = e.getCompletion();
                    vm.languageTable().stream().filter(l -> picked.endsWith("(" + l.code() + ")")).findFirst()
                            .ifPresent(l -> languages.getCheckModel().check(l));
                    search.clear();
                });
        Label chosen = new Label();
        chosen.setWrapText(true);
        chosen.getStyleClass().add("hint");
        chosen.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> String.join(", ", vm.selectedLanguages()), vm.selectedLanguages()));
        return new VBox(6, title, corpus, new HBox(6, demo, open, folder), note, languages, search, chosen);
    }

    private VBox collectSection() {
        Label title = section("Routing");
        Button collect = tip(new Button("Collect"), "Run the model over the selected languages and record every routing "
                + "decision (cached runs are reused) (Ctrl+R)");
        collect.setId("collect");
        collect.setDefaultButton(false);
        collect.setOnAction(e -> vm.collect());
        collect.disableProperty().bind(vm.collectingProperty().or(vm.sessionProperty().isNull()));
        Button cancel = tip(new Button("Cancel"), "Stop collecting after the current batch; what is done stays cached");
        cancel.setOnAction(e -> vm.cancelCollect());
        cancel.disableProperty().bind(vm.collectingProperty().not());
        ProgressBar bar = new ProgressBar(0);
        bar.setId("collect-progress");
        tip(bar, "Collection progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label text = new Label();
        text.setId("collect-status");
        text.setWrapText(true);
        text.textProperty().bind(vm.progressTextProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        return new VBox(6, title, new HBox(6, collect, cancel), bar, text);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private void pushLanguages() {
        syncing = true;
        try {
            languages.getCheckModel().clearChecks();
            languages.getItems().setAll(vm.languageTable());
        } finally {
            syncing = false;
        }
        pushChecks();
    }

    private void pushChecks() {
        syncing = true;
        try {
            List<String> sel = vm.selectedLanguages();
            for (LanguageRef l : languages.getItems()) {
                if (sel.contains(l.code())) {
                    languages.getCheckModel().check(l);
                } else {
                    languages.getCheckModel().clearCheck(l);
                }
            }
        } finally {
            syncing = false;
        }
    }

    /** Asks for a checkpoint folder, shows its inspect summary and memory check, then loads it. */
    public void openModelFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a Hugging Face MoE checkpoint folder");
        File f = dc.showDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        Path dir = f.toPath();
        vm.inspect(dir, insp -> confirmLoad(dir, insp));
    }

    /**
     * Imports a folder of recorded statistics (the paper's recorder output, one {@code <lang>.json} per language)
     * after asking for the model's name; the aggregate views then show it.
     */
    public void openStatistics() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open recorded routing statistics (a folder of <lang>.json files)");
        File f = dc.showDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        javafx.scene.control.TextInputDialog name = new javafx.scene.control.TextInputDialog(f.getName());
        name.initOwner(getScene().getWindow());
        name.setTitle("Open statistics");
        name.setHeaderText("Which model recorded these statistics?");
        name.setContentText("Model name:");
        name.showAndWait().ifPresent(n -> vm.openStatistics(f.toPath(), n.isBlank() ? null : n.strip()));
    }

    private void confirmLoad(Path dir, Backend.Inspection insp) {
        Alert a = new Alert(insp.fits() ? Alert.AlertType.CONFIRMATION : Alert.AlertType.WARNING,
                insp.summary() + "\n\n" + insp.memoryNote(), ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(getScene().getWindow());
        a.setTitle("Load model");
        a.setHeaderText("Load " + dir.getFileName() + "?");
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.loadModel(dir, false));
    }

    private void openCorpusFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a corpus folder (<lang>.txt files)");
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) {
            vm.setCorpus(f.toPath());
        }
    }

    private void openCorpus() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a corpus (JSONL)");
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.setCorpus(f.toPath());
        }
    }
}
