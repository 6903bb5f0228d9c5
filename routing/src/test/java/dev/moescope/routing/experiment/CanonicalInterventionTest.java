package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Run keys and evaluation caches hash {@link RouterIntervention#canonicalJson}: it must stay byte-identical to the
 * strings stored before interventions were values (recorded then, from the steering-file, mask and steering-plan
 * JSON paths), or cached runs and results would lose their identity.
 */
class CanonicalInterventionTest {

    @Test
    void steeringFile() throws Exception {
        assertEquals(golden("canonical-file.json"), RouterIntervention.read(resource("steer.json")).canonicalJson());
    }

    @Test
    void maskSelection() throws Exception {
        Map<Integer, List<Integer>> sel = new TreeMap<>(Map.of(3, List.of(5, 1, 1), 1, List.of(), 10, List.of(127, 0)));
        assertEquals(golden("canonical-mask.json"), RouterIntervention.mask(sel).canonicalJson());
        assertEquals("{}", RouterIntervention.mask(Map.of(2, List.of())).canonicalJson());
        assertEquals(golden("canonical-empty.json"), RouterIntervention.NONE.canonicalJson());
    }

    @Test
    void steeringPlan() throws Exception {
        Map<Integer, Map<Integer, Double>> coef = new TreeMap<>();
        coef.put(12, new TreeMap<>(Map.of(3, 0.7142857142857143, 40, 1.0 / 3)));
        coef.put(10, new TreeMap<>(Map.of(7, 0.1)));
        coef.put(11, new TreeMap<>());
        SteeringPlan plan = new SteeringPlan(List.of("de", "fr"), dev.moescope.routing.analysis.SteeringExpertRule.PAPER, new int[] {10, 12}, coef);
        String json = plan.intervention(0.022).canonicalJson();
        assertEquals(golden("canonical-plan.json"), json);
        assertNotEquals(json, plan.intervention(0.023).canonicalJson(), "lambda is part of the identity");
        // a plan written to a file and read back keeps its identity
        assertEquals(json, RouterIntervention.parse(plan.intervention(0.022).toJson()).canonicalJson());
    }

    private static String golden(String name) throws Exception {
        return Files.readString(resource(name));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CanonicalInterventionTest.class.getResource(name).toURI());
    }
}
