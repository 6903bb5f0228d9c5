package dev.moescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command-line interface; each subcommand is its own class in this package. */
@Command(name = "moescope", mixinStandardHelpOptions = true, version = "moescope 0.1.0",
        description = "Explore routing in Mixture-of-Experts language models.",
        subcommands = {CommandLine.HelpCommand.class, TraceCommand.class, GenerateCommand.class, MakeRandomCommand.class, InspectCommand.class, BenchCommand.class,
                TrainDemoCommand.class, TrainTokenizerCommand.class, EvalCommand.class, CorpusCommand.class,
                CollectCommand.class, RenderPromptCommand.class, StatsCommand.class, ClassifyCommand.class, SteerPlanCommand.class,
                SimilarityCommand.class, ProfileCommand.class, ContrastCommand.class, InterveneCommand.class,
                SteerEvalCommand.class, SteerCurveCommand.class, ImportStatsCommand.class, ExportCommand.class, ScreenshotsCommand.class, BenchUiCommand.class})
public final class MoescopeCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns the exit code; errors are one clear line on stderr, exit code 1. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new MoescopeCommand());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("MOESCOPE_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
