package io.meridian.store.postgres;

import io.meridian.store.Store;
import io.meridian.store.jdbc.JdbcStoreContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** The store contract against a real PostgreSQL: every test gets a freshly migrated schema of its own. */
@PostgresTest
class PostgresStoreContractTest extends JdbcStoreContractTest {

    private static final List<String> SCHEMAS = new ArrayList<>();
    private String schema;

    @Override
    protected Store newStore() {
        schema = TestPostgres.newSchema();
        SCHEMAS.add(schema);
        return TestPostgres.openStore(schema);
    }

    @Override
    protected Store reopen(Store old) {
        old.close();
        return TestPostgres.openStore(schema);
    }

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.forEach(TestPostgres::dropSchema);
    }
}
