package dev.moescope.app.remote;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.routing.remote.RemoteEngine;
import java.io.File;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The "Connect to a server..." window: binds the fields, progress and buttons of a {@link RemoteConnectViewModel}. */
public final class RemoteConnectDialog {
    private final Stage stage = new Stage();

    public RemoteConnectDialog(RemoteConnectViewModel vm, Window owner) {
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle("Connect to a server");

        ChoiceBox<RemoteEngine> engine = tip(new ChoiceBox<>(), "vLLM >= 0.22 or SGLang >= 0.5.7, started with "
                + "--enable-return-routed-experts");
        engine.getItems().setAll(RemoteEngine.values());
        engine.valueProperty().bindBidirectional(vm.engineProperty());
        engine.setId("remote-engine");
        TextField url = field("remote-url", "http://HOST:PORT of the server", vm.urlProperty());
        TextField model = field("remote-model-name", "the served model name (empty: the first one the server lists)",
                vm.modelNameProperty());
        PasswordField key = tip(new PasswordField(), "sent as 'Authorization: Bearer KEY' (empty: none)");
        key.setId("remote-api-key");
        key.textProperty().bindBidirectional(vm.apiKeyProperty());
        TextField config = field("remote-config", "the served checkpoint's config.json (empty: the server's model path, "
                + "when it is a folder on this machine)", vm.configFileProperty());
        TextField tokenizer = field("remote-tokenizer", "folder with tokenizer.json (empty: next to config.json; vLLM "
                + "can do without, it returns the prompt's token ids)", vm.tokenizerDirProperty());
        Button browseConfig = tip(new Button("Browse..."), "Choose the served checkpoint's config.json");
        browseConfig.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("config.json", "*.json"));
            File f = chooser.showOpenDialog(stage);
            if (f != null) {
                vm.configFileProperty().set(f.getAbsolutePath());
            }
        });
        Button browseTokenizer = tip(new Button("Browse..."), "Choose a folder with the model's tokenizer.json");
        browseTokenizer.setOnAction(e -> {
            File d = new DirectoryChooser().showDialog(stage);
            if (d != null) {
                vm.tokenizerDirProperty().set(d.getAbsolutePath());
            }
        });
        Spinner<Integer> concurrency = tip(new Spinner<>(1, 256, vm.concurrencyProperty().get()),
                "requests in flight at most");
        concurrency.valueProperty().addListener((o, a, n) -> vm.concurrencyProperty().set(n));

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int row = 0;
        grid.addRow(row++, new Label("Engine"), engine);
        grid.addRow(row++, new Label("URL"), url);
        grid.addRow(row++, new Label("Model name"), model);
        grid.addRow(row++, new Label("API key"), key);
        grid.addRow(row++, new Label("config.json"), config, browseConfig);
        grid.addRow(row++, new Label("Tokenizer"), tokenizer, browseTokenizer);
        grid.addRow(row, new Label("In flight"), concurrency);
        GridPane.setHgrow(url, Priority.ALWAYS);

        Label summary = new Label();
        summary.setWrapText(true);
        summary.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(vm::summary, vm.languages()));
        Label limits = new Label("The run holds expert ids and counts: no gate weights or router entropy, and a "
                + "server cannot steer or mask routers (docs/remote-engines.md).");
        limits.setWrapText(true);
        ProgressBar bar = new ProgressBar();
        bar.setId("remote-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("remote-status");
        status.textProperty().bind(vm.progressTextProperty());

        Button collect = tip(new Button("Collect"), "Send the sidebar's selection to the server, one prefill request "
                + "per segment; a rerun resumes what is missing");
        collect.setId("remote-collect");
        collect.setDefaultButton(true);
        collect.disableProperty().bind(vm.canCollectProperty().not());
        collect.setOnAction(e -> vm.collect());
        Button cancel = tip(new Button("Cancel"), "Stop after the batch in flight (committed segments are kept)");
        cancel.disableProperty().bind(vm.collectingProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button close = tip(new Button("Close"), "Close this window (a collection goes on in the background)");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, collect, cancel, close);

        VBox root = new VBox(10, grid, summary, limits, bar, status, buttons);
        root.setPadding(new Insets(14));
        root.setPrefWidth(620);
        root.getStyleClass().add("remote-connect");
        stage.setScene(new Scene(root));
        if (owner != null && owner.getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
    }

    private static TextField field(String id, String tooltip, javafx.beans.property.StringProperty value) {
        TextField f = tip(new TextField(), tooltip);
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    /** The window (for tests). */
    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }
}
