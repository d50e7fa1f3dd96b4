package io.meridian.bench;

import io.meridian.store.mariadb.MariaDbDatabases;
import io.meridian.store.mariadb.MariaDbLocationParser;
import io.meridian.store.postgres.PostgresSchemas;
import java.util.UUID;

/**
 * A benchmark's own place in a shared database, so that figures never include someone else's rows, dropped at the
 * end. On PostgreSQL a fresh schema (named, or generated when the location names none). On MariaDB a fresh
 * database beside the one the location names (a database is MariaDB's schema), created here.
 */
final class BenchSchema {
    private BenchSchema() {}

    /** The location with a schema that does not exist yet; refuses one that does rather than dropping it later. */
    static String fresh(String location) {
        if (MariaDbLocationParser.accepts(location)) {
            String fresh = MariaDbLocationParser.withDatabase(location, "meridian_bench_" + suffix());
            MariaDbDatabases.create(fresh);
            return fresh;
        }
        String withSchema = location.matches(".*[?&]schema=.*") ? location
                : location + (location.contains("?") ? "&" : "?") + "schema=meridian_bench_" + suffix();
        if (PostgresSchemas.exists(withSchema)) {
            throw new IllegalArgumentException("schema " + PostgresSchemas.schema(withSchema) + " already exists; "
                    + "a benchmark needs a fresh one (and drops it at the end): name another, or none");
        }
        return withSchema;
    }

    static String describe(String location) {
        return MariaDbLocationParser.accepts(location)
                ? "MariaDB (database " + MariaDbDatabases.database(location) + ", InnoDB, READ COMMITTED)"
                : "PostgreSQL (schema " + PostgresSchemas.schema(location) + ", synchronous_commit on)";
    }

    static void drop(String location) {
        if (MariaDbLocationParser.accepts(location)) {
            MariaDbDatabases.drop(location);
            System.out.println("  dropped database " + MariaDbDatabases.database(location));
            return;
        }
        PostgresSchemas.drop(location);
        System.out.println("  dropped schema " + PostgresSchemas.schema(location));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
