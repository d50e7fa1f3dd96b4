package io.meridian.store.mariadb;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where a {@link MariaDbStore} lives and how it connects. Built by {@link MariaDbLocationParser} from a location
 * such as {@code mariadb://meridian@db:3306/meridian} or {@code mysql://...}.
 *
 * @param serverUrl   the driver URL of the server, no database and no credentials (it appears in diagnostics)
 * @param database    the database Meridian's tables live in; it must exist (see {@link MariaDbDatabases})
 * @param user        the user name
 * @param password    null if none; never part of {@link #toString()} or any message
 * @param mysql       true for a {@code mysql://} location: MariaDB-only session settings are left out
 * @param driver      driver options (timeouts, TLS) passed to every connection
 * @param poolSize    connections in the pool
 * @param poolTimeout how long an operation waits for a connection before it fails as "unreachable"
 * @param where       a description for messages: user, host, port and database, no password
 */
public record MariaDbLocation(String serverUrl, String database, String user, String password, boolean mysql,
                              Map<String, String> driver, int poolSize, Duration poolTimeout, String where) {

    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Driver settings Meridian chooses unless the location says otherwise. A bounded socket timeout turns a
     * half-open connection (a network partition) into an error instead of a commit that hangs forever. Batches
     * go out as separate statements (the driver still pipelines them in one round trip), because the bulk and
     * rewritten forms report no per-row update counts, and the batch writer needs them to tell a job it must
     * insert, or a stage of an execution that is not stored.
     */
    static final Map<String, String> DRIVER_DEFAULTS = Map.of(
            "connectTimeout", "5000",
            "socketTimeout", "60000",
            "tcpKeepAlive", "true",
            "useBulkStmts", "false",
            "useBulkStmtsForInserts", "false",
            "rewriteBatchedStatements", "false");

    public MariaDbLocation {
        driver = Map.copyOf(driver);
    }

    /** The driver URL with the database selected. */
    public String jdbcUrl() {
        return serverUrl + database;
    }

    Properties driverProperties() {
        Properties properties = new Properties();
        DRIVER_DEFAULTS.forEach(properties::setProperty);
        driver.forEach(properties::setProperty);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    @Override
    public String toString() {
        return where;
    }
}
