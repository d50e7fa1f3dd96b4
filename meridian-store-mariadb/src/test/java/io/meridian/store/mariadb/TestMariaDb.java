package io.meridian.store.mariadb;

import java.util.Locale;
import java.util.UUID;

/**
 * The MariaDB that tests use: {@code MERIDIAN_TEST_MARIADB} (default {@value #DEFAULT_LOCATION}; its database is
 * replaced). Each test works in databases of its own, named {@code meridian_test_*}, dropped afterwards.
 */
final class TestMariaDb {

    static final String DEFAULT_LOCATION = "mariadb://root@127.0.0.1:3306/meridian_test";
    static final String LOCATION = envOr("MERIDIAN_TEST_MARIADB", DEFAULT_LOCATION);

    private static volatile String unreachable;
    private static volatile boolean checked;

    private TestMariaDb() {}

    /** Null if MariaDB answers; otherwise why not. Checked once per JVM. */
    static synchronized String unreachable() {
        if (!checked) {
            try {
                MariaDbDatabases.exists(LOCATION);
                unreachable = null;
            } catch (RuntimeException e) {
                unreachable = e.getMessage();
            }
            checked = true;
        }
        return unreachable;
    }

    /** A new, empty database's location. */
    static String newDatabase() {
        String name = "meridian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        String location = MariaDbLocationParser.withDatabase(LOCATION, name);
        MariaDbDatabases.create(location);
        return location;
    }

    static void drop(String location) {
        MariaDbDatabases.drop(location);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
