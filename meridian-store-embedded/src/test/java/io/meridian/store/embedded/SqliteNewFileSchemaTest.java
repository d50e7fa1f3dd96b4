package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new file gets the newest schema from one script: the same schema the migrations build, and Flyway agrees. */
class SqliteNewFileSchemaTest {

    @TempDir
    Path dir;

    @Test
    void theScriptBuildsWhatTheMigrationsBuild() throws Exception {
        String fromScript = url("script.db");
        String fromMigrations = url("migrations.db");
        try (Connection c = DriverManager.getConnection(fromScript)) {
            assertThat(NewFileSchema.createIfEmpty(c)).isTrue();
        }
        SqliteOpener.flyway(fromMigrations).migrate();

        assertThat(schema(fromScript))
                .as("every table and index of %s, against the migrations in db/sqlite", NewFileSchema.SCRIPT)
                .isEqualTo(schema(fromMigrations));
        for (String seeded : List.of("lock_tokens", "leadership")) {
            assertThat(rows(fromScript, seeded)).as(seeded).isEqualTo(rows(fromMigrations, seeded));
        }
    }

    @Test
    void flywayTakesTheNewFileAsABaselineAtTheNewestVersion() throws Exception {
        String url = url("s.db");
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(NewFileSchema.createIfEmpty(c)).isTrue();
            assertThat(SqliteOpener.schemaIsCurrent(c)).isTrue();
        }
        Flyway flyway = SqliteOpener.flyway(url);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        MigrationInfoService info = flyway.info();
        assertThat(info.current().getVersion().getVersion()).isEqualTo(String.valueOf(SqliteOpener.SCHEMA_VERSION));
        assertThat(info.pending()).isEmpty();
        // what a later release's Flyway does on opening it: nothing to apply up to this version
        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }

    @Test
    void aFileWithTablesIsLeftToFlyway() throws Exception {
        String url = url("older.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(NewFileSchema.createIfEmpty(c)).isFalse();
            assertThat(SqliteOpener.schemaIsCurrent(c)).isFalse();
        }
        new SqliteStore(dir.resolve("older.db")).close(); // Flyway migrates the rest
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(SqliteOpener.schemaIsCurrent(c)).isTrue();
        }
    }

    @Test
    void aStoreOnANewFileWorksAndReopensWithoutFlyway() throws Exception {
        Path file = dir.resolve("new.db");
        new SqliteStore(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(SqliteOpener.schemaIsCurrent(c)).isTrue();
            assertThat(rows("jdbc:sqlite:" + file, "flyway_schema_history")).hasSize(1);
        }
        new SqliteStore(file).close();
    }

    private String url(String name) {
        return "jdbc:sqlite:" + dir.resolve(name);
    }

    /** Name to definition, for every table and index but Flyway's; whitespace and comments do not count. */
    private static Map<String, String> schema(String url) throws SQLException {
        Map<String, String> schema = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master"
                     + " WHERE tbl_name <> 'flyway_schema_history'")) {
            while (r.next()) {
                String sql = r.getString(3) == null ? "(implicit)" : r.getString(3)
                        .replaceAll("--[^\\n]*", "").replaceAll("\\s+", "");
                schema.put(r.getString(1) + " " + r.getString(2), sql);
            }
        }
        return schema;
    }

    private static List<List<Object>> rows(String url, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
