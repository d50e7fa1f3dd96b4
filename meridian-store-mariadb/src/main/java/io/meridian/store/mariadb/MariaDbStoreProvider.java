package io.meridian.store.mariadb;

import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreProvider;
import java.nio.file.Path;

/**
 * Opens {@link MariaDbStore}s from {@code mariadb://user[:password]@host[:port]/database} or {@code mysql://...}.
 * The data directory is not used.
 */
public final class MariaDbStoreProvider implements StoreProvider {

    @Override
    public boolean accepts(String location) {
        return MariaDbLocationParser.accepts(location);
    }

    @Override
    public String locationForm() {
        return "mariadb://user[:password]@host[:port]/database";
    }

    @Override
    public Store open(String location, Path dataDir) {
        if (!accepts(location)) {
            throw new StoreException("not a MariaDB location: '" + MariaDbLocationParser.redact(location) + "'; "
                    + MariaDbLocationParser.EXPECTED);
        }
        return MariaDbStore.open(location);
    }
}
