package io.meridian.bench;

import io.meridian.store.postgres.PostgresSchemas;
import java.util.UUID;

/**
 * A benchmark's own PostgreSQL schema: a fresh one (named, or generated when the location names none), so that
 * figures never include someone else's rows, and dropped at the end.
 */
final class BenchSchema {
    private BenchSchema() {}

    /** The location with a schema that does not exist yet; refuses one that does rather than dropping it later. */
    static String fresh(String location) {
        String withSchema = location.matches(".*[?&]schema=.*") ? location
                : location + (location.contains("?") ? "&" : "?") + "schema=meridian_bench_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (PostgresSchemas.exists(withSchema)) {
            throw new IllegalArgumentException("schema " + PostgresSchemas.schema(withSchema) + " already exists; "
                    + "a benchmark needs a fresh one (and drops it at the end): name another, or none");
        }
        return withSchema;
    }

    static String describe(String location) {
        return "PostgreSQL (schema " + PostgresSchemas.schema(location) + ", synchronous_commit on)";
    }

    static void drop(String location) {
        PostgresSchemas.drop(location);
        System.out.println("  dropped schema " + PostgresSchemas.schema(location));
    }
}
