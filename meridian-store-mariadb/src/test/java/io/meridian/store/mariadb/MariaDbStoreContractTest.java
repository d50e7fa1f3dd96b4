package io.meridian.store.mariadb;

import io.meridian.store.Store;
import io.meridian.store.jdbc.JdbcStoreContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** The store contract against a real MariaDB: every test gets a freshly migrated database of its own. */
@MariaDbTest
class MariaDbStoreContractTest extends JdbcStoreContractTest {

    private static final List<String> DATABASES = new ArrayList<>();
    private String location;

    @Override
    protected Store newStore() {
        location = TestMariaDb.newDatabase();
        DATABASES.add(location);
        return MariaDbStore.open(location);
    }

    @Override
    protected Store reopen(Store old) {
        old.close();
        return MariaDbStore.open(location);
    }

    @AfterAll
    static void dropDatabases() {
        DATABASES.forEach(TestMariaDb::drop);
    }
}
