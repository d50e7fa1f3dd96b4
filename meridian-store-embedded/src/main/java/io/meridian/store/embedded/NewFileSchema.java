package io.meridian.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Gives a file with no tables the newest schema in one script, without starting Flyway.
 *
 * <p>WHY: on a new data directory, configuring Flyway, scanning for migrations and applying ten of them was about
 * a quarter of a server's start-up. The schema comes instead from {@code db/sqlite-new/V<n>__schema.sql}, and
 * Flyway's history table gets one {@code BASELINE} row at that version, which is Flyway's own way of saying "this
 * schema was created by other means": a later release's Flyway treats every migration up to it as below the
 * baseline and applies only the newer ones. Files with any table go through Flyway as before.
 */
final class NewFileSchema {
    static final String SCRIPT = "db/sqlite-new/V" + SqliteOpener.SCHEMA_VERSION + "__schema.sql";
    static final String BASELINE_DESCRIPTION = "schema created whole (" + SCRIPT + ")";

    /** Flyway's own definition of its history table on SQLite, as its migrate writes it. */
    private static final String HISTORY_TABLE = """
            CREATE TABLE "flyway_schema_history" (
                "installed_rank" INT NOT NULL PRIMARY KEY,
                "version" VARCHAR(50),
                "description" VARCHAR(200) NOT NULL,
                "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL,
                "checksum" INT,
                "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
                "execution_time" INT NOT NULL,
                "success" BOOLEAN NOT NULL
            );
            CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");
            """;

    private NewFileSchema() {}

    /**
     * Creates the schema if the file has no table at all; returns whether it did. The check and the creation are
     * one write transaction, so of two processes opening the same new file, one creates and the other then finds
     * tables (and goes on to the usual checks).
     */
    static boolean createIfEmpty(Connection connection) throws SQLException {
        if (hasTables(connection)) {
            return false; // the common case, answered without taking the write lock
        }
        String schema = script();
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                if (hasTables(connection)) {
                    return false;
                }
                // the driver runs a multi-statement string through sqlite3_exec: every statement, in order
                s.executeUpdate(schema);
                s.executeUpdate(HISTORY_TABLE);
                try (PreparedStatement baseline = connection.prepareStatement("""
                        INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type",
                            "script", "checksum", "installed_by", "execution_time", "success")
                        VALUES (1, ?, ?, 'BASELINE', ?, NULL, '', ?, 1)""")) {
                    baseline.setString(1, String.valueOf(SqliteOpener.SCHEMA_VERSION));
                    baseline.setString(2, BASELINE_DESCRIPTION);
                    baseline.setString(3, BASELINE_DESCRIPTION);
                    baseline.setLong(4, (System.nanoTime() - started) / 1_000_000);
                    baseline.executeUpdate();
                }
                s.executeUpdate("COMMIT");
                committed = true;
                return true;
            } finally {
                if (!committed) {
                    rollback(s);
                }
            }
        }
    }

    private static void rollback(Statement s) {
        try {
            s.executeUpdate("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was begun, or SQLite rolled back already after the failure that is being thrown
        }
    }

    private static boolean hasTables(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1")) {
            return r.next();
        }
    }

    static String script() {
        try (InputStream in = NewFileSchema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("The schema script " + SCRIPT + " is missing from the classpath:"
                        + " it must be renamed with each new migration (SqliteOpener.SCHEMA_VERSION)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the schema script " + SCRIPT, e);
        }
    }
}
