package io.meridian.store.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.meridian.store.jdbc.Rows;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Creates the file, brings its schema up to date, and opens the writer and the reader pool. */
final class SqliteOpener {

    /** The newest migration under db/sqlite (SqliteSchemaVersionTest keeps the two in step). */
    static final int SCHEMA_VERSION = 10;

    private final Path file;
    private final SqliteOptions options;
    private final String url;

    private final Rows rows;

    SqliteOpener(Path file, SqliteOptions options, Rows rows) {
        this.rows = rows;
        this.file = file;
        this.options = options;
        this.url = "jdbc:sqlite:" + file;
    }

    /** Opens the writer first: its pragmas fail fast and clearly on a file that is not a database. */
    SqliteWriter openWriter() {
        Connection connection = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection = writerConfig().createConnection(url);
            // a new file gets the newest schema in one script; anything else that is not current goes to Flyway
            if (!NewFileSchema.createIfEmpty(connection) && !schemaIsCurrent(connection)) {
                migrate();
            }
            return new SqliteWriter(connection, rows);
        } catch (IOException | SQLException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw SqliteErrors.translate(e, file, "opening the store");
        }
    }

    private SQLiteConfig writerConfig() {
        SQLiteConfig config = commonConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.fullSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-64 * 1024); // KiB: 64 MiB keeps the indexes of a few million jobs in memory
        if (options.maxPages() > 0) {
            config.setMaxPageCount(options.maxPages());
        }
        return config;
    }

    private SQLiteConfig commonConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(options.busyTimeoutMs());
        config.enforceForeignKeys(false);
        return config;
    }

    /**
     * Whether the file's schema is at {@link #SCHEMA_VERSION} with no failed migration: then Flyway has nothing to
     * do, and it is not started at all. Configuring it, scanning the classpath for migrations and validating them
     * took a good part of every start-up, for a schema that changes only with a new release. A file at another
     * version (older, or written by a newer release) goes through Flyway as before, which migrates or refuses it.
     */
    static boolean schemaIsCurrent(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet history = s.executeQuery(
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
            if (!history.next()) {
                return false;
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")) {
            if (r.getLong(1) > 0) {
                return false;
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1"
                     + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return r.next() && String.valueOf(SCHEMA_VERSION).equals(r.getString(1));
        }
    }

    private void migrate() {
        flyway(url).migrate();
    }

    /** Flyway as the store runs it on {@code url} (tests check the new-file schema against it). */
    static Flyway flyway(String url) {
        return Flyway.configure(SqliteOpener.class.getClassLoader())
                .dataSource(url, null, null)
                .locations("classpath:db/sqlite")
                .javaMigrations(new StageRowsMigration())
                // a file that needs several gets them in one transaction: one commit (and fsync), not one each
                .group(true)
                .load();
    }

    HikariDataSource openReaders() {
        SQLiteConfig config = commonConfig();
        config.setReadOnly(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("meridian-sqlite-readers");
        pool.setMaximumPoolSize(options.readers());
        pool.setMinimumIdle(1);
        pool.setReadOnly(true);
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw SqliteErrors.translate(e, file, "opening read connections");
        }
    }
}
