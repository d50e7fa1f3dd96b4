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

    @Option(names = "--store", paramLabel = "LOCATION",
            description = "Where state lives: 'sqlite' (embedded, under --data-dir; the default) or "
                    + "postgresql://user@host:port/db or mariadb://user@host:port/db (several coordinators may share "
                    + "those). Overrides 'store' in the "
                    + "config file.")
    String store;

    /** The store location: the option, else {@code store:} in the config file, else the embedded store. */
    public String storeLocation(io.meridian.cli.embedded.MeridianConfig config) {
        if (store != null && !store.isBlank()) {
            return store;
        }
        return config.tree().path("store").asString("sqlite");
    }
}
