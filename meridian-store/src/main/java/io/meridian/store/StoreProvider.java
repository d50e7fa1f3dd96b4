package io.meridian.store;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens a store from a location such as {@code sqlite:} (embedded, under the data directory) or
 * {@code postgresql://host/db}. Providers are found with {@link ServiceLoader}.
 */
public interface StoreProvider {

    /** True if this provider understands the location's scheme. */
    boolean accepts(String location);

    Store open(String location, Path dataDir);

    static Store openStore(String location, Path dataDir) {
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
            if (p.accepts(location)) {
                return p.open(location, dataDir);
            }
        }
        throw new StoreException("no store understands '" + location + "' (expected sqlite, sqlite:/path/file.db, "
                + "postgresql://user@host:5432/db or mariadb://user@host:3306/db)");
    }
}
