package dev.moescope.app;

import dev.moescope.app.common.RenderingDefaults;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app: one window, a sidebar (model, corpus, languages, collection) and a tab per view. */
public final class MoescopeApp extends Application {

    public static void launchApp() {
        RenderingDefaults.apply();
        Application.launch(MoescopeApp.class);
    }

    @Override
    public void start(Stage stage) {
        AppContext context = AppContext.create();
        MainWindow window = new MainWindow(context);
        window.show(stage);
        context.start();
    }
}
