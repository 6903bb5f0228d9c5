package dev.moescope.app;

import dev.moescope.cli.MoescopeCommand;

/** Entry point of {@code ./moescope}: no arguments opens the desktop app, a subcommand runs the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            MoescopeApp.launchApp(); // returns when the window is closed
            System.exit(0);           // the bridge's inference thread must not keep the JVM alive
        }
        System.exit(MoescopeCommand.run(args));
    }
}
