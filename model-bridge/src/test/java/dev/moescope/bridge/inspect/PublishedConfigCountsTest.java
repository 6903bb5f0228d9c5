package dev.moescope.bridge.inspect;

import dev.moescope.bridge.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter counts of config.json files shaped like the published checkpoints (test resources
 * published-configs/) against the figures their model cards publish, within 3%.
 */
class PublishedConfigCountsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                      published total, published active (billions)
        "DeepSeek-V2-Lite,            15.7,  2.4",
        "Moonlight-16B-A3B,           16.0,  3.0",
        "DeepSeek-V3,                 671,   37",
        "gpt-oss-20b,                 20.91, 3.61",
        "gpt-oss-120b,                116.83, 5.13",
        "Phi-3.5-MoE-instruct,        41.9,  6.6",
        "GLM-4.5-Air,                 106,   12",
        "granite-3.1-3b-a800m,        3.3,   0.8",
    })
    void countsMatchThePublishedFigures(String name, double total, double active) throws Exception {
        Path file = Path.of(PublishedConfigCountsTest.class.getResource("/published-configs/" + name + ".json").toURI());
        ModelConfig c = ModelConfig.parse(Files.readString(file), file.toString());
        ParameterCount p = ParameterCount.of(c);
        double t = p.total() / 1e9;
        double a = p.active() / 1e9;
        System.out.printf("%s: total %.3fB (published %s), active %.3fB (published %s)%n", name, t, total, a, active);
        assertTrue(Math.abs(t - total) / total <= 0.03, name + ": total " + t + "B vs published " + total + "B");
        assertTrue(Math.abs(a - active) / active <= 0.03, name + ": active " + a + "B vs published " + active + "B");
    }
}
