package io.meridian.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Opens a store from a location such as {@code sqlite:} (embedded, under the data directory) or
 * {@code postgresql://host/db}. Providers are found with {@link ServiceLoader}, so a new store is one more
 * provider on the class path: whoever opens stores through here (every CLI command) knows it without changes.
 */
public interface StoreProvider {

    /** True if this provider understands the location's scheme. */
    boolean accepts(String location);

    Store open(String location, Path dataDir);

    /**
     * How a location for this store is written, for help and error messages, e.g.
     * {@code postgresql://user@host:5432/db}.
     */
    default String locationForm() {
        return getClass().getSimpleName();
    }

    /** The provider that understands {@code location}, if one on the class path does. */
    static Optional<StoreProvider> forLocation(String location) {
        return providers().stream().filter(p -> p.accepts(location)).findFirst();
    }

    /** The location forms of every store on the class path, for "one of ..." in an error message. */
    static List<String> locationForms() {
        return providers().stream().map(StoreProvider::locationForm).toList();
    }

    static Store openStore(String location, Path dataDir) {
        return forLocation(location).map(p -> p.open(location, dataDir)).orElseThrow(() -> new StoreException(
                "no store understands '" + location + "' (one of: " + String.join(", ", locationForms()) + ")"));
    }

    private static List<StoreProvider> providers() {
        return StreamSupport.stream(ServiceLoader.load(StoreProvider.class).spliterator(), false).toList();
    }
}
