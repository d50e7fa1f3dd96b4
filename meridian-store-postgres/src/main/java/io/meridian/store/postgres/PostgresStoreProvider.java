package io.meridian.store.postgres;

import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreProvider;
import java.nio.file.Path;

/**
 * Opens {@link PostgresStore}s from {@code postgresql://user[:password]@host[:port]/database[?schema=name]},
 * {@code postgres://...} or {@code jdbc:postgresql:...}. The data directory is not used.
 */
public final class PostgresStoreProvider implements StoreProvider {

    @Override
    public boolean accepts(String location) {
        return LocationParser.accepts(location);
    }

    @Override
    public String locationForm() {
        return "postgresql://user[:password]@host[:port]/database[?schema=name]";
    }

    @Override
    public Store open(String location, Path dataDir) {
        if (!accepts(location)) {
            throw new StoreException("not a PostgreSQL location: '" + LocationParser.redact(location) + "'; "
                    + LocationParser.EXPECTED);
        }
        return PostgresStore.open(location);
    }
}
