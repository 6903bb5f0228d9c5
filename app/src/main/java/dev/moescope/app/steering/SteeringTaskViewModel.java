package dev.moescope.app.steering;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.resources.LanguageTable;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.task.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Evaluates the steering tab's current steering on a task file: the chosen task metric per language without and
 * with the steering, through routing's cached task metrics (shared with {@code moescope steer-eval --metric}).
 */
public final class SteeringTaskViewModel {
    /** One language: the metric unsteered and steered. */
    public record Row(String lang, int records, double unsteered, double steered) {
        public double delta() {
            return steered - unsteered;
        }
    }

    private final Backend backend;
    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final Supplier<RouterIntervention> currentSteering;
    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final ObservableList<String> metricChoices = FXCollections.observableArrayList();
    private final StringProperty metric = new SimpleStringProperty(TaskSpec.Metric.MC_ACCURACY.cliName());
    private final ObjectProperty<Path> taskFile = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private AtomicBoolean cancel = new AtomicBoolean();

    public SteeringTaskViewModel(Backend backend, BackgroundWork work, Consumer<Throwable> onError,
                                 Supplier<RouterIntervention> currentSteering) {
        this.backend = backend;
        this.work = work;
        this.onError = onError;
        this.currentSteering = currentSteering;
        for (TaskSpec.Metric m : TaskSpec.Metric.values()) {
            metricChoices.add(m.cliName());
        }
    }

    public ObjectProperty<ModelSession> sessionProperty() { return session; }
    /** The task metrics' CLI names. */
    public ObservableList<String> metricChoices() { return metricChoices; }
    public StringProperty metricProperty() { return metric; }
    public ObjectProperty<Path> taskFileProperty() { return taskFile; }
    public BooleanProperty runningProperty() { return running; }
    public StringProperty statusProperty() { return status; }
    /** Per language of the task file: the metric without and with the current steering. */
    public ObservableList<Row> rows() { return rows; }

    /** Evaluates off the FX thread; cached results cost no forward pass or generation. */
    public void evaluate() {
        ModelSession s = session.get();
        if (s == null || taskFile.get() == null || running.get()) {
            status.set(s == null ? "Load a model first (sidebar)" : taskFile.get() == null ? "Choose a task file (JSONL)" : status.get());
            return;
        }
        RouterIntervention steering = currentSteering.get();
        TaskSpec task = TaskSpec.of(taskFile.get(), TaskSpec.Metric.parse(metric.get()), LanguageTable.PAPER_LANGUAGES);
        AtomicBoolean flag = new AtomicBoolean();
        cancel = flag;
        running.set(true);
        status.set("Evaluating " + metric.get() + " on " + taskFile.get().getFileName() + "...");
        long start = System.nanoTime();
        work.run("Task evaluation", () -> compute(s, task, steering, flag), result -> {
            running.set(false);
            if (result == null) {
                status.set("Cancelled (finished languages are cached)");
                return;
            }
            rows.setAll(result);
            status.set(summary(result, task, steering.equals(RouterIntervention.NONE), (System.nanoTime() - start) / 1e9));
        }, err -> {
            running.set(false);
            status.set("Failed");
            onError.accept(err);
        });
    }

    public void cancel() {
        cancel.set(true);
    }

    private List<Row> compute(ModelSession s, TaskSpec task, RouterIntervention steering, AtomicBoolean cancelled) {
        try (TaskSpec.Opened opened = backend.taskMetric(s, task, null)) {
            InterventionMetric m = opened.metric();
            long total = (long) m.sampleCount() * (steering.equals(RouterIntervention.NONE) ? 1 : 2);
            dev.moescope.app.common.ProgressEta eta = new dev.moescope.app.common.ProgressEta();
            long[] sum = {0};
            IntConsumer done = n -> {
                sum[0] += n;
                String text = "Evaluating " + task.metric().cliName() + ": " + eta.describe(sum[0], total, "samples");
                work.ui().execute(() -> {
                    if (running.get()) {
                        status.set(text);
                    }
                });
                if (cancelled.get()) {
                    throw new CancellationException();
                }
            };
            double[] unsteered = m.values(RouterIntervention.NONE, done);
            double[] steered = steering.equals(RouterIntervention.NONE) ? unsteered : m.values(steering, done);
            List<Row> out = new ArrayList<>();
            List<String> langs = m.languages();
            for (int i = 0; i < langs.size(); i++) {
                out.add(new Row(langs.get(i), m.samplesPerLanguage().get(langs.get(i)), unsteered[i], steered[i]));
            }
            return out;
        } catch (CancellationException e) {
            return null;
        }
    }

    static String summary(List<Row> rows, TaskSpec task, boolean noSteering, double seconds) {
        int records = rows.stream().mapToInt(Row::records).sum();
        String head = task.metric().label() + " on " + records + " records in " + String.format(Locale.ROOT, "%.1f s", seconds);
        return noSteering ? head + " · no steering set: both columns are the unsteered model" : head;
    }
}
