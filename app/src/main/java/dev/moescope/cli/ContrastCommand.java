package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.ContrastiveExperts;
import dev.moescope.routing.analysis.ExpertContrast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moescope contrast}: experts that group A uses more than group B. */
@Command(name = "contrast", mixinStandardHelpOptions = true,
        description = "Rank (layer, expert) pairs by the risk difference of activation frequency between two groups "
                + "of languages (pooled per group).")
public final class ContrastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Option(names = "--a", required = true, split = ",", paramLabel = "langs", description = "group A")
    List<String> groupA;

    @Option(names = "--b", required = true, split = ",", paramLabel = "langs", description = "group B")
    List<String> groupB;

    @Option(names = "--top", defaultValue = "20", description = "pairs to list; default: ${DEFAULT-VALUE}")
    int top;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        List<ExpertContrast> ranked = ContrastiveExperts.topOverall(runSelection.readStats(), groupA, groupB, top);
        PrintWriter out = spec.commandLine().getOut();
        if (f == OutputFormat.JSON) {
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            root.putPOJO("a", groupA);
            root.putPOJO("b", groupB);
            ArrayNode list = root.putArray("experts");
            for (ExpertContrast c : ranked) {
                ObjectNode n = list.addObject();
                n.put("layer", c.decoderLayer());
                n.put("expert", c.expert());
                n.put("frequency_a", c.frequencyA());
                n.put("frequency_b", c.frequencyB());
                n.put("risk_difference", c.riskDifference());
            }
            OutputFormat.printJson(out, root);
        } else {
            out.println("layer,expert,frequency_a,frequency_b,risk_difference");
            for (ExpertContrast c : ranked) {
                out.println(c.decoderLayer() + "," + c.expert() + "," + c.frequencyA() + "," + c.frequencyB() + ","
                        + c.riskDifference());
            }
            out.flush();
        }
        return 0;
    }
}
