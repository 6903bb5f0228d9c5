package dev.moescope.app.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.layers.LayersViewModel;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import dev.moescope.routing.remote.RemoteEngine;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Connect to a server...": the selection goes to the server, the run reaches the tabs with what it lacks said. */
class RemoteConnectViewModelTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final FakeBackend backend = new FakeBackend();
    private AppContext context;

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        backend.cached = true;
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        context = FxToolkit.fx(() -> {
            AppContext c = new AppContext(backend, prefs);
            c.errorsProperty().set(errors::add);
            c.start();
            return c;
        });
        FxToolkit.await("local statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
    }

    @Test
    void collectedServerRunReachesTheTabsAndSaysWhatItLacks() throws Exception {
        RemoteConnectViewModel vm = context.remote();
        var localRule = context.steering().ruleProperty().get();
        assertNotNull(localRule);
        FxToolkit.run(() -> {
            vm.engineProperty().set(RemoteEngine.SGLANG);
            vm.urlProperty().set("http://gpu-node-3:30000");
            vm.collect();
        });
        FxToolkit.await("server run", 10_000, () -> vm.resultProperty().get() != null);
        assertTrue(backend.calls.contains("remote sglang http://gpu-node-3:30000 [en, de]"), backend.calls.toString());
        assertEquals(1.0, vm.progressProperty().get());
        assertEquals("Collected 2 languages from served-moe", vm.progressTextProperty().get());
        var remote = context.sidebar().remoteRunProperty().get();
        assertNotNull(remote);
        assertTrue(remote.note().contains("gate weights and router entropy are not recorded"), remote.note());
        assertTrue(vm.summary().startsWith("Collects the 2 languages selected in the sidebar (en, de)"), vm.summary());
        // layers: router entropy is explained instead of drawn as zeros; counts still drawn
        FxToolkit.run(() -> context.layers().metricProperty().set(LayersViewModel.Metric.ENTROPY));
        assertTrue(context.layers().missingNoteProperty().get().startsWith("Router entropy was not recorded"));
        FxToolkit.run(() -> context.layers().metricProperty().set(LayersViewModel.Metric.JSD));
        assertEquals("", context.layers().missingNoteProperty().get());
        // steering keeps the session model's own rule (a server's experts are not the local model's)
        assertEquals(localRule, context.steering().ruleProperty().get());
        // the local model's routing again: the note goes, entropy is drawn
        FxToolkit.run(() -> context.sidebar().collect());
        FxToolkit.await("local again", 10_000, () -> context.sidebar().remoteRunProperty().get() == null);
        FxToolkit.run(() -> context.layers().metricProperty().set(LayersViewModel.Metric.ENTROPY));
        assertEquals("", context.layers().missingNoteProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void deadServerGoesToTheErrorDialogAndNothingChanges() throws Exception {
        RemoteConnectViewModel vm = context.remote();
        var before = context.sidebar().statsProperty().get();
        FxToolkit.run(() -> {
            vm.urlProperty().set("http://refused:8000");
            vm.collect();
        });
        FxToolkit.await("error", 10_000, () -> !errors.isEmpty());
        assertEquals("GET http://refused:8000/v1/models: connection refused (is the server running, and is the URL right?)",
                errors.get(0).getMessage());
        FxToolkit.await("idle", 5_000, () -> !vm.collectingProperty().get());
        assertTrue(vm.progressTextProperty().get().startsWith("Failed"), vm.progressTextProperty().get());
        assertNull(vm.resultProperty().get());
        assertEquals(before, context.sidebar().statsProperty().get());
        assertNull(context.sidebar().remoteRunProperty().get());
        FxToolkit.run(() -> vm.urlProperty().set(" "));
        assertFalse(vm.canCollectProperty().get(), "no URL, no Collect");
    }
}
