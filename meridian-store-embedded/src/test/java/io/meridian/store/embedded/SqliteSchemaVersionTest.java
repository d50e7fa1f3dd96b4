package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store opened at the newest schema skips Flyway; anything else still goes through it. */
class SqliteSchemaVersionTest {

    @TempDir
    Path dir;

    @Test
    void theVersionTheOpenerTrustsIsTheNewestMigration() throws Exception {
        URL folder = SqliteOpener.class.getClassLoader().getResource("db/sqlite");
        Pattern versioned = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest = new StageRowsMigration().getVersion().getMajor().intValue();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            for (Path f : files.toList()) {
                Matcher m = versioned.matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(SqliteOpener.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void onlyAFileAtTheNewestVersionWithoutFailuresIsCurrent() throws Exception {
        Path file = dir.resolve("s.db");
        String url = "jdbc:sqlite:" + file;
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(SqliteOpener.schemaIsCurrent(c)).as("a new file").isFalse();
        }
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite")
                .javaMigrations(new StageRowsMigration()).target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(SqliteOpener.schemaIsCurrent(c)).as("an older schema").isFalse();
        }
        new SqliteStore(file).close(); // migrates the rest
        int newest = SqliteOpener.SCHEMA_VERSION;
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(SqliteOpener.schemaIsCurrent(c)).isTrue();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '" + newest + "'");
            }
            assertThat(SqliteOpener.schemaIsCurrent(c)).as("a failed migration").isFalse();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE flyway_schema_history SET success = 1, version = '" + (newest + 1)
                        + "' WHERE version = '" + newest + "'");
            }
            assertThat(SqliteOpener.schemaIsCurrent(c)).as("written by a newer release").isFalse();
        }
    }

    @Test
    void aStoreOpensAgainOnTheSchemaItLeft() throws Exception {
        Path file = dir.resolve("again.db");
        try (SqliteStore store = new SqliteStore(file)) {
            assertThat(store.job("none")).isEmpty();
        }
        try (SqliteStore store = new SqliteStore(file)) {
            assertThat(store.job("none")).isEmpty();
        }
    }
}
