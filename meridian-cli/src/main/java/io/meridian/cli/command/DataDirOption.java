package io.meridian.cli.command;

import io.meridian.server.config.MeridianConfig;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command that opens a store shares, and the one place that decides which store that is:
 * {@code --store}, else {@code store:} in the config file, else the embedded store under {@code --data-dir}.
 * Locations are understood by the store providers on the class path, so a new kind of store needs no change here.
 */
public final class DataDirOption {
    static final String EMBEDDED = "sqlite";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./.meridian", scope = ScopeType.INHERIT,
            description = "Where the embedded store keeps its files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: ./meridian.yaml if it exists; every key: docs/configuration.md).")
    Path config;

    @Option(names = "--store", paramLabel = "LOCATION", scope = ScopeType.INHERIT,
            description = "Where state lives: 'sqlite' (embedded, under --data-dir; the default), sqlite:/path/to/file.db, "
                    + "postgresql://user@host:port/db?schema=name or mariadb://user@host:port/db (several coordinators "
                    + "may share those). Overrides 'store' in the config file.")
    String store;

    /** The configuration file this command was given (or ./meridian.yaml, or none). */
    public MeridianConfig loadConfig() {
        return MeridianConfig.load(config);
    }

    /**
     * The store location: the option, else {@code store:} in the config file, else the embedded store. A location
     * no store understands is a usage error that lists the ones that are understood.
     */
    public String storeLocation(MeridianConfig config) {
        boolean fromOption = store != null && !store.isBlank();
        String location = fromOption ? store.strip() : config.store().strip();
        if (StoreProvider.forLocation(location).isEmpty()) {
            throw new IllegalArgumentException((fromOption ? "--store" : "'store' in the config file")
                    + ": no store understands '" + location + "'; give one of: "
                    + String.join(" | ", StoreProvider.locationForms()));
        }
        return location;
    }

    /**
     * Refuses {@code --store} where it would be ignored: {@code command} talks to a coordinator, whose own
     * {@code --store} decides where state lives. Silently ignoring it would let a user believe otherwise.
     */
    public void refuseStore(String command) {
        if (store != null && !store.isBlank()) {
            throw new IllegalArgumentException("--store: " + command + " talks to a coordinator (--coordinator), "
                    + "which keeps state in its own store; give either --store or --coordinator");
        }
    }

    /** Opens the store this command was pointed at. */
    public Store openStore(MeridianConfig config) {
        return StoreProvider.openStore(storeLocation(config), dataDir);
    }

    /** Opens the store this command was pointed at, reading the config file for a {@code store:} key. */
    public Store openStore() {
        return openStore(loadConfig());
    }

    /** True for the embedded store: this process's own, under a data directory or in a file. */
    public boolean isEmbedded(String location) {
        return location.startsWith(EMBEDDED) || location.startsWith("embedded");
    }

    /** Where the store at {@code location} is, for messages: a file or directory, or the store's own description. */
    public String describe(String location, Store opened) {
        if (!isEmbedded(location)) {
            return opened.toString(); // a server store describes itself without its password
        }
        String file = location.replaceFirst("^[a-z]+:?", "").replaceFirst("\\?.*$", "");
        return file.isEmpty() ? dataDir.toAbsolutePath().toString() : Path.of(file).toAbsolutePath().toString();
    }
}
