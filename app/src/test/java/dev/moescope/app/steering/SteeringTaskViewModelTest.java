package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.FxToolkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteeringTaskViewModelTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @Test
    void evaluatesTheCurrentSteeringAgainstTheUnsteeredModel() throws Exception {
        // The fake scorer costs ln 2 * (1 + 0.01 * ((3 layer + 7 expert + token) mod 5)) per token and masked expert.
        // eng_Latn: " a" (2 tokens) beats " bbb" (4), the answer: accuracy 1, also with layer 1 expert 0 masked.
        // deu_Latn: " x" and " w" tie unmasked, the first (" x") wins: not the answer, 0; masked, " w" (119: 122 mod 5
        // = 2, cost 1.02) beats " x" (120: 123 mod 5 = 3, cost 1.03): the answer, 1.
        Path tasks = tmp.resolve("mc.jsonl");
        Files.writeString(tasks, """
                {"flores_passage": "p", "question": "q?", "mc_answer1": "a", "mc_answer2": "bbb", "correct_answer_num": 1, "dialect": "eng_Latn"}
                {"flores_passage": "p", "question": "q?", "mc_answer1": "x", "mc_answer2": "w", "correct_answer_num": 2, "dialect": "deu_Latn"}
                """);
        FakeBackend backend = new FakeBackend();
        AtomicReference<RouterIntervention> spec = new AtomicReference<>(RouterIntervention.NONE);
        SteeringTaskViewModel vm = FxToolkit.fx(() -> new SteeringTaskViewModel(backend, new BackgroundWork(),
                t -> { throw new AssertionError(t); }, spec::get));
        FxToolkit.run(vm::evaluate);
        assertEquals("Load a model first (sidebar)", vm.statusProperty().get());
        FxToolkit.run(() -> vm.sessionProperty().set(new FakeSession(1)));
        FxToolkit.run(vm::evaluate);
        assertEquals("Choose a task file (JSONL)", vm.statusProperty().get());

        FxToolkit.run(() -> vm.taskFileProperty().set(tasks));
        FxToolkit.run(vm::evaluate);
        FxToolkit.await("the evaluation", 10_000, () -> !vm.runningProperty().get() && !vm.rows().isEmpty());
        assertEquals(List.of("eng_Latn", "deu_Latn"), vm.rows().stream().map(SteeringTaskViewModel.Row::lang).toList());
        assertEquals(1.0, vm.rows().get(0).unsteered());
        assertEquals(0.0, vm.rows().get(1).unsteered());
        assertEquals(0.0, vm.rows().get(0).delta(), "no steering: both columns are the unsteered model");
        assertTrue(vm.statusProperty().get().contains("no steering set"), vm.statusProperty().get());

        spec.set(RouterIntervention.mask(Map.of(1, List.of(0))));
        int calls = backend.scorer.forwardCalls.get();
        FxToolkit.run(vm::evaluate);
        FxToolkit.await("the steered evaluation", 10_000,
                () -> !vm.runningProperty().get() && !vm.statusProperty().get().contains("no steering"));
        assertEquals(2, backend.scorer.forwardCalls.get() - calls, "only the steered condition is computed (a batch per language)");
        assertEquals(1.0, vm.rows().get(0).steered());
        assertEquals(0.0, vm.rows().get(1).unsteered());
        assertEquals(1.0, vm.rows().get(1).steered());
        assertEquals(1.0, vm.rows().get(1).delta());
        assertEquals(1, vm.rows().get(1).records());
    }
}
