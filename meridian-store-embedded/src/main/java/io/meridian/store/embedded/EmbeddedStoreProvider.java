package io.meridian.store.embedded;

import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreProvider;
import java.nio.file.Path;

/**
 * Opens {@link SqliteStore}s. Locations: {@code sqlite} or {@code embedded} ({@code <dataDir>/meridian.db}),
 * {@code sqlite:/path/to/file.db}, each optionally followed by options: {@code sqlite:?synchronous=normal}.
 */
public final class EmbeddedStoreProvider implements StoreProvider {

    public static final String DEFAULT_FILE_NAME = "meridian.db";

    @Override
    public boolean accepts(String location) {
        String scheme = location.split("[:?]", 2)[0];
        return scheme.equals("sqlite") || scheme.equals("embedded");
    }

    @Override
    public String locationForm() {
        return "sqlite (the embedded store under --data-dir), sqlite:/path/to/file.db";
    }

    @Override
    public Store open(String location, Path dataDir) {
        if (!accepts(location)) {
            throw new StoreException("not an embedded store location: '" + location + "'");
        }
        String rest = location.substring(location.split("[:?]", 2)[0].length());
        rest = rest.startsWith(":") ? rest.substring(1) : rest;
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        SqliteOptions options = query < 0 ? SqliteOptions.DEFAULT : SqliteOptions.DEFAULT.with(rest.substring(query + 1));
        return new SqliteStore(path.isEmpty() ? defaultFile(dataDir) : Path.of(path), options);
    }

    private static Path defaultFile(Path dataDir) {
        if (dataDir == null) {
            throw new StoreException("the embedded store needs a data directory or a file: sqlite:/path/to/file.db");
        }
        return dataDir.resolve(DEFAULT_FILE_NAME);
    }
}
