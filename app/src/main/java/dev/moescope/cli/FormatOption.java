package dev.moescope.cli;

import picocli.CommandLine.Option;

/** --format json|csv of the commands that print a table, JSON by default. */
final class FormatOption {

    @Option(names = "--format", defaultValue = "json", description = "json or csv; default: ${DEFAULT-VALUE}")
    String format;

    /** The chosen format; anything but json or csv is an error naming the option. */
    OutputFormat parse() {
        return OutputFormat.parse(format);
    }
}
