package dev.moescope.app;

import dev.moescope.cli.MoescopeCommand;
import picocli.CommandLine;

/** Entry point of {@code ./moescope}: no arguments opens the desktop app, a subcommand runs the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            // Until the desktop app exists, no arguments prints the CLI help.
            args = new String[] {"--help"};
        }
        System.exit(MoescopeCommand.run(args));
    }
}
