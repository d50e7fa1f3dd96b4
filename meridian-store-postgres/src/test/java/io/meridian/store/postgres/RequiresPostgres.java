package io.meridian.store.postgres;

import io.meridian.store.jdbc.RequiresDatabase;

/** Skips (or, with {@code MERIDIAN_REQUIRE_POSTGRES=1}, fails) a test class when PostgreSQL cannot be reached. */
final class RequiresPostgres extends RequiresDatabase {

    @Override
    protected String database() {
        return "PostgreSQL";
    }

    @Override
    protected String location() {
        return LocationParser.redact(TestPostgres.LOCATION);
    }

    @Override
    protected String unreachable() {
        return TestPostgres.unreachable();
    }

    @Override
    protected String locationVariable() {
        return "MERIDIAN_TEST_POSTGRES";
    }

    @Override
    protected String requireVariable() {
        return "MERIDIAN_REQUIRE_POSTGRES";
    }
}
