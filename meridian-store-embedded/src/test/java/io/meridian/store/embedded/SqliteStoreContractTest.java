package io.meridian.store.embedded;

import io.meridian.store.Store;
import io.meridian.store.jdbc.JdbcStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends JdbcStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return new SqliteStore(dir.resolve("store.db"));
    }

    @Override
    protected Store reopen(Store old) {
        old.close();
        return new SqliteStore(dir.resolve("store.db"));
    }
}
