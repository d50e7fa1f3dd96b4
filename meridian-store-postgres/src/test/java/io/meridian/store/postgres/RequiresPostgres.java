package io.meridian.store.postgres;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when PostgreSQL cannot be reached, saying where it looked and how to point the tests
 * elsewhere; with {@code MERIDIAN_REQUIRE_POSTGRES=1} (as in CI) the class fails instead, so a missing database
 * can never turn the PostgreSQL suite green by skipping it.
 */
final class RequiresPostgres implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = TestPostgres.unreachable();
        if (problem == null) {
            return;
        }
        String message = "PostgreSQL not reachable at " + LocationParser.redact(TestPostgres.LOCATION) + ": " + problem;
        if (TestPostgres.REQUIRED) {
            throw new IllegalStateException(message + " (MERIDIAN_REQUIRE_POSTGRES=1: failing instead of skipping)");
        }
        Assumptions.abort(message + ": PostgreSQL tests skipped; set MERIDIAN_TEST_POSTGRES");
    }
}
