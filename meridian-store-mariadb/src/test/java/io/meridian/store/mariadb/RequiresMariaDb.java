package io.meridian.store.mariadb;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when MariaDB cannot be reached, saying where it looked and how to point the tests elsewhere;
 * with {@code MERIDIAN_REQUIRE_MARIADB=1} (as in CI) the class fails instead, so a missing database can never turn
 * the MariaDB suite green by skipping it.
 */
final class RequiresMariaDb implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = TestMariaDb.unreachable();
        if (problem == null) {
            return;
        }
        String message = "MariaDB not reachable at " + MariaDbLocationParser.redact(TestMariaDb.LOCATION) + ": "
                + problem;
        if (TestMariaDb.REQUIRED) {
            throw new IllegalStateException(message + " (MERIDIAN_REQUIRE_MARIADB=1: failing instead of skipping)");
        }
        Assumptions.abort(message + ": MariaDB tests skipped; set MERIDIAN_TEST_MARIADB");
    }
}
