package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.SampleTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code moescope export}: dump a run's statistics or traces as CSV or JSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run: 'stats' (the per-language totals, as the stats command) or 'traces' (per sample, "
                + "token and MoE layer: the top-k experts, their weights and the router entropy; weights and entropy "
                + "at the stored f16 precision; empty for an ids-only run from a vLLM or SGLang server). Also lists the runs of the database with 'runs'.")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Option(names = "--what", defaultValue = "stats", description = "stats, traces or runs; default: ${DEFAULT-VALUE}")
    String what;

    @Option(names = "--format", defaultValue = "csv", description = "json or csv; default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of stdout")
    Path out;

    @Override
    public Integer call() throws IOException {
        OutputFormat f = OutputFormat.parse(format);
        try (RoutingStore store = runSelection.openStore()) {
            PrintWriter w = out == null ? spec.commandLine().getOut()
                    : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
            try {
                switch (what.toLowerCase(Locale.ROOT)) {
                    case "runs" -> runs(w, f, store);
                    case "stats" -> StatsCommand.print(w, f, store, runSelection.selectAll(store));
                    case "traces" -> traces(w, f, store, runSelection.select(store));
                    default -> throw new IllegalArgumentException("--what must be stats, traces or runs, got '" + what + "'");
                }
            } finally {
                w.flush();
                if (out != null) {
                    w.close();
                }
            }
        }
        return 0;
    }

    private static void runs(PrintWriter w, OutputFormat f, RoutingStore store) {
        if (f == OutputFormat.JSON) {
            ArrayNode list = OutputFormat.MAPPER.createArrayNode();
            for (RunInfo r : store.runs()) {
                ObjectNode n = list.addObject();
                n.put("id", r.id());
                n.put("model", store.model(r.modelId()).path());
                n.put("corpus", r.corpusName());
                ArrayNode langs = n.putArray("languages");
                languages(store, r).forEach(langs::add);
                n.put("selection", r.selection());
                n.put("intervention", r.interventionJson());
                n.put("add_bos", r.addBos());
                n.put("status", r.status());
                n.put("samples", r.numSamples());
                n.put("done", r.doneSamples());
                n.put("created_at", r.createdAt());
                n.put("content", r.content().dbValue());
                n.put("source", r.source());
            }
            OutputFormat.printJson(w, list);
        } else {
            w.println("id,model,corpus,languages,status,samples,done,add_bos,created_at,content,source");
            for (RunInfo r : store.runs()) {
                w.println(r.id() + "," + OutputFormat.csv(store.model(r.modelId()).path()) + "," + OutputFormat.csv(r.corpusName())
                        + "," + OutputFormat.csv(String.join(" ", languages(store, r))) + "," + r.status() + "," + r.numSamples()
                        + "," + r.doneSamples() + "," + r.addBos() + "," + r.createdAt()
                        + "," + r.content().dbValue() + "," + (r.source() == null ? "" : OutputFormat.csv(r.source())));
            }
        }
    }

    /** The languages a run holds (its collected or imported aggregates; none yet: empty). */
    private static java.util.List<String> languages(RoutingStore store, RunInfo r) {
        try {
            return store.aggregates(r.id()).languages();
        } catch (RuntimeException e) {
            return java.util.List.of(); // a run with nothing collected yet
        }
    }

    private static void traces(PrintWriter w, OutputFormat f, RoutingStore store, RunInfo run) {
        if (f == OutputFormat.CSV) {
            w.println("sample,lang,segment,position,token,layer,experts,weights,entropy");
        } else {
            w.println("[");
        }
        boolean first = true;
        for (RoutingStore.CompletedSample s : store.completedSamples(run.id())) {
            SampleTrace t = store.trace(run.id(), s.sampleId());
            if (f == OutputFormat.CSV) {
                for (LayerTrace lt : t.layers()) {
                    for (int p = 0; p < t.tokens().length; p++) {
                        w.println(s.sampleId() + "," + OutputFormat.csv(s.lang()) + "," + OutputFormat.csv(s.segmentId()) + ","
                                + p + "," + t.tokens()[p] + "," + lt.layer() + "," + join(lt.topkIds()[p]) + ","
                                + (lt.hasWeights() ? join(lt.topkWeights()[p]) + "," + lt.entropy()[p] : ",")); // ids-only: empty
                    }
                }
            } else {
                ObjectNode n = OutputFormat.MAPPER.createObjectNode();
                n.put("sample", s.sampleId());
                n.put("lang", s.lang());
                n.put("segment", s.segmentId());
                n.putPOJO("tokens", t.tokens());
                ArrayNode layers = n.putArray("layers");
                for (LayerTrace lt : t.layers()) {
                    ObjectNode l = layers.addObject();
                    l.put("layer", lt.layer());
                    l.putPOJO("topk_ids", lt.topkIds());
                    l.putPOJO("topk_weights", lt.topkWeights());
                    l.putPOJO("entropy", lt.entropy());
                }
                w.println((first ? "" : ",") + n);
                first = false;
            }
        }
        if (f == OutputFormat.JSON) {
            w.println("]");
        }
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : " ").append(v[i]);
        }
        return b.append('"').toString();
    }

    private static String join(float[] v) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : " ").append(v[i]);
        }
        return b.append('"').toString();
    }
}
