package io.meridian.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Database;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/** Opens the connection pool and brings the schema up to date. */
final class PostgresOpener {

    /** How often idle connections are pinged, so ones a firewall or a server restart killed are replaced early. */
    private static final long KEEPALIVE_MS = 30_000;

    private PostgresOpener() {}

    static Database open(PostgresLocation location) {
        HikariDataSource pool = openPool(location);
        try {
            migrate(pool, location.schema());
            return new Database(pool, pool, PostgresDialect.INSTANCE, location.where());
        } catch (RuntimeException e) {
            pool.close();
            throw PostgresErrors.translate(e, location.where(), "bringing the schema up to date");
        }
    }

    private static HikariDataSource openPool(PostgresLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meridian-postgres");
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        config.setPassword(location.password());
        Properties driver = location.driverProperties();
        // the schema is the connection's search_path from the start, so SQL never names it
        driver.setProperty("currentSchema", location.schema());
        // A coordinator frozen (SIGSTOP, GC) inside a commit holds the share lock on the leadership row, and a
        // takeover would wait on it for ever. PostgreSQL ends such a session after 2 s idle in its transaction
        // (rolling it back, so nothing half-done lands), well within the leadership ttl.
        driver.setProperty("options", "-c idle_in_transaction_session_timeout=2000");
        config.setDataSourceProperties(driver);
        config.setMaximumPoolSize(location.poolSize());
        config.setMinimumIdle(Math.min(2, location.poolSize()));
        config.setConnectionTimeout(Math.max(250, location.poolTimeout().toMillis()));
        // fail at open, clearly, if the database cannot be reached at all
        config.setInitializationFailTimeout(Math.max(1, location.poolTimeout().toMillis()));
        config.setKeepaliveTime(KEEPALIVE_MS);
        config.setExceptionOverride(new EvictOnReadOnly());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw cannotConnect(e, location);
        }
    }

    private static StoreException cannotConnect(RuntimeException e, PostgresLocation location) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && PostgresErrors.isConnectionLoss(sql.getSQLState())) {
                return new StoreException("cannot connect to PostgreSQL at " + location.where()
                        + " (is it running and reachable from here?): " + sql.getMessage(), e);
            }
        }
        return PostgresErrors.translate(e, location.where(), "connecting");
    }

    private static void migrate(HikariDataSource pool, String schema) {
        Flyway.configure(PostgresOpener.class.getClassLoader())
                .dataSource(pool)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/postgresql")
                .javaMigrations(new StageRowsMigration())
                .load()
                .migrate();
    }
}
