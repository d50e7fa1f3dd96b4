package io.meridian.store.mariadb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Database;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** Opens the connection pool and brings the schema up to date. */
final class MariaDbOpener {

    /** How often idle connections are pinged, so ones a firewall or a server restart killed are replaced early. */
    private static final long KEEPALIVE_MS = 30_000;

    private MariaDbOpener() {}

    static Database open(MariaDbLocation location) {
        HikariDataSource pool = openPool(location);
        try {
            Flyway.configure(MariaDbOpener.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/mariadb")
                    .load()
                    .migrate();
            return new Database(pool, pool, MariaDbDialect.INSTANCE, location.where());
        } catch (RuntimeException e) {
            pool.close();
            throw MariaDbErrors.translate(e, location.where(), "bringing the schema up to date");
        }
    }

    private static HikariDataSource openPool(MariaDbLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meridian-mariadb");
        config.setJdbcUrl(location.jdbcUrl());
        config.setDataSourceProperties(location.driverProperties());
        config.setConnectionInitSql(sessionSettings(location));
        // READ COMMITTED: a writer locks the rows it changes, not the gaps between index entries that REPEATABLE
        // READ would lock too (concurrent commits inserting nearby jobs would wait on each other for nothing)
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setMaximumPoolSize(location.poolSize());
        config.setMinimumIdle(Math.min(2, location.poolSize()));
        config.setConnectionTimeout(Math.max(250, location.poolTimeout().toMillis()));
        // fail at open, clearly, if the database cannot be reached at all
        config.setInitializationFailTimeout(Math.max(1, location.poolTimeout().toMillis()));
        config.setKeepaliveTime(KEEPALIVE_MS);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw cannotConnect(e, location);
        }
    }

    /**
     * Strict mode, so a value too long for its column or a NULL key is an error rather than a warning (the upsert
     * relies on it, see {@link MariaDbDialect#onConflict}). UTC, so the database clock converts to epoch
     * milliseconds without a daylight-saving gap. On MariaDB, a
     * coordinator frozen (SIGSTOP, GC) inside a commit holds the share lock on the leadership row, and a takeover
     * would wait on it; the server ends such a session after 2 s idle in its transaction (rolling it back, so
     * nothing half-done lands), well within the leadership ttl. MySQL has no such setting: there the takeover
     * waits for innodb_lock_wait_timeout instead.
     */
    private static String sessionSettings(MariaDbLocation location) {
        return "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
                + "time_zone = '+00:00'" + (location.mysql() ? "" : ", idle_transaction_timeout = 2");
    }

    private static StoreException cannotConnect(RuntimeException e, MariaDbLocation location) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && MariaDbErrors.isConnectionLoss(sql.getSQLState())) {
                return new StoreException("cannot connect to MariaDB at " + location.where()
                        + " (is it running and reachable from here?): " + sql.getMessage(), e);
            }
        }
        return MariaDbErrors.translate(e, location.where(), "connecting");
    }
}
