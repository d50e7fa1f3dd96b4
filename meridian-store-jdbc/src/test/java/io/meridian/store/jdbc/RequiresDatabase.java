package io.meridian.store.jdbc;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when its database server cannot be reached, saying where it looked and how to point the
 * tests elsewhere; with the database's require variable set to 1 (as in CI) the class fails instead, so a missing
 * server can never turn a database's suite green by skipping it. Each SQL store's tests extend it once.
 */
public abstract class RequiresDatabase implements BeforeAllCallback {

    /** The server's name for messages: "PostgreSQL", "MariaDB". */
    protected abstract String database();

    /** Where the tests look (no password). */
    protected abstract String location();

    /** Null if the server answers; otherwise why not. */
    protected abstract String unreachable();

    /** The variable that points the tests at a server, such as {@code MERIDIAN_TEST_POSTGRES}. */
    protected abstract String locationVariable();

    /** The variable that turns a skip into a failure, such as {@code MERIDIAN_REQUIRE_POSTGRES}. */
    protected abstract String requireVariable();

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = unreachable();
        if (problem == null) {
            return;
        }
        String message = database() + " not reachable at " + location() + ": " + problem;
        if ("1".equals(System.getenv(requireVariable()))) {
            throw new IllegalStateException(message + " (" + requireVariable() + "=1: failing instead of skipping)");
        }
        Assumptions.abort(message + ": " + database() + " tests skipped; set " + locationVariable());
    }
}
