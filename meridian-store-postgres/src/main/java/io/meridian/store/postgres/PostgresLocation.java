package io.meridian.store.postgres;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where a {@link PostgresStore} lives and how it connects. Built by {@link LocationParser} from a location such as
 * {@code postgresql://meridian@db:5432/meridian?schema=prod}.
 *
 * @param jdbcUrl     the driver URL, without credentials (it appears in pool diagnostics)
 * @param user        null to let the driver choose (a {@code jdbc:} URL may carry it in its properties)
 * @param password    null if none; never part of {@link #toString()} or any message
 * @param driver      driver properties (timeouts, TLS) passed to every connection
 * @param schema      the schema Meridian's tables live in; created by the first migration if missing
 * @param poolSize    connections in the pool
 * @param poolTimeout how long an operation waits for a connection before it fails as "unreachable"
 * @param where       a description for messages: user, host, port, database and schema, no password
 */
public record PostgresLocation(String jdbcUrl, String user, String password, Map<String, String> driver,
                               String schema, int poolSize, Duration poolTimeout, String where) {

    public static final String DEFAULT_SCHEMA = "meridian";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Driver settings Meridian chooses unless the location says otherwise. Seconds, as the driver reads them:
     * a bounded socket timeout turns a half-open connection (a network partition) into an error instead of a
     * commit that hangs forever; keep-alive finds dead idle connections; rewritten batched inserts send a batch
     * of upserts as multi-row statements.
     */
    static final Map<String, String> DRIVER_DEFAULTS = Map.of(
            "connectTimeout", "5",
            "socketTimeout", "60",
            "tcpKeepAlive", "true",
            "reWriteBatchedInserts", "true",
            "ApplicationName", "meridian");

    public PostgresLocation {
        driver = Map.copyOf(driver);
    }

    Properties driverProperties() {
        Properties properties = new Properties();
        DRIVER_DEFAULTS.forEach(properties::setProperty);
        driver.forEach(properties::setProperty);
        return properties;
    }

    @Override
    public String toString() {
        return where;
    }
}
