package io.meridian.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that opens the embedded store shares. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./.meridian",
            description = "Where the embedded store keeps its files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: ./meridian.yaml if it exists).")
    Path config;
}
