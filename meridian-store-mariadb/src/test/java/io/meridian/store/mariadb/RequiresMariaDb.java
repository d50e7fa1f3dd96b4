package io.meridian.store.mariadb;

import io.meridian.store.jdbc.RequiresDatabase;

/** Skips (or, with {@code MERIDIAN_REQUIRE_MARIADB=1}, fails) a test class when MariaDB cannot be reached. */
final class RequiresMariaDb extends RequiresDatabase {

    @Override
    protected String database() {
        return "MariaDB";
    }

    @Override
    protected String location() {
        return MariaDbLocationParser.redact(TestMariaDb.LOCATION);
    }

    @Override
    protected String unreachable() {
        return TestMariaDb.unreachable();
    }

    @Override
    protected String locationVariable() {
        return "MERIDIAN_TEST_MARIADB";
    }

    @Override
    protected String requireVariable() {
        return "MERIDIAN_REQUIRE_MARIADB";
    }
}
