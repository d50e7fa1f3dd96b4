package io.meridian.store.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test with its own, freshly migrated schema and a store open on it; the schema is dropped afterwards. */
@PostgresTest
abstract class FreshSchema {

    protected String schema;
    protected PostgresStore store;

    @BeforeEach
    void openFreshSchema() {
        schema = TestPostgres.newSchema();
        store = TestPostgres.openStore(schema);
    }

    @AfterEach
    void dropFreshSchema() {
        store.close();
        TestPostgres.dropSchema(schema);
    }
}
