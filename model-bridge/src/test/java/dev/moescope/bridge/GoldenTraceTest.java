package dev.moescope.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fixture case, plain and steered, through the Java API, for both dispatch modes. */
class GoldenTraceTest {

    private static final Map<String, MoeModel> MODELS = new HashMap<>();

    static List<FixtureCases.Case> cases() throws IOException {
        return FixtureCases.all();
    }

    private static MoeModel model(Path dir, ExpertDispatch dispatch) {
        return MODELS.computeIfAbsent(dir + "|" + dispatch,
                k -> MoeModel.load(dir, LoadOptions.cpu().withDispatch(dispatch)));
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(MoeModel::close);
        MODELS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void groupedDispatchMatchesGolden(FixtureCases.Case c) {
        check(c, ExpertDispatch.GROUPED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hfLoopDispatchMatchesGolden(FixtureCases.Case c) {
        check(c, ExpertDispatch.HF_LOOP);
    }

    private static void check(FixtureCases.Case c, ExpertDispatch dispatch) {
        MoeModel model = model(c.model(), dispatch);
        RouterIntervention iv = c.steer() == null ? RouterIntervention.NONE : RouterIntervention.read(c.steer());
        ForwardResult r = model.forward(c.ids(), ForwardOptions.trace(), iv);
        TraceJson.Parsed golden = TraceJson.read(c.golden());
        List<String> failures = TraceComparison.failures(golden, r.trace(), r.logits());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(c.ids().length - 1, r.nextTokenLogProbs().length);
    }
}
