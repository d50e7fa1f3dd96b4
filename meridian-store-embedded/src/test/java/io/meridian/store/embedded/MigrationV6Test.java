package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs stored before V6 carried their placement in the payload; after it they have it as fields. */
class MigrationV6Test {

    @TempDir
    Path dir;

    @Test
    void aJobsPlacementIsCopiedOutOfItsPayload() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite")
                .javaMigrations(new StageRowsMigration()).target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            insert(c, "affine", "{\"config\":{},\"placement\":{\"strategy\":\"Affinity\",\"affinity_key\":\"c-7\"}}");
            insert(c, "robin", "{\"config\":{},\"placement\":{\"strategy\":\"round_robin\",\"affinity_key\":\"x\"}}");
            insert(c, "plain", "{\"config\":{\"placement\":\"not a job's placement\"}}");
        }
        try (SqliteStore store = new SqliteStore(file)) {
            var affine = store.job("affine").orElseThrow().spec();
            assertThat(affine.placementStrategy()).isEqualTo("affinity");
            assertThat(affine.affinityKey()).isEqualTo("c-7");
            var robin = store.job("robin").orElseThrow().spec();
            assertThat(robin.placementStrategy()).isEqualTo("round_robin");
            assertThat(robin.affinityKey()).as("a key only applies with affinity").isNull();
            var plain = store.job("plain").orElseThrow().spec();
            assertThat(plain.placementStrategy()).isNull();
            assertThat(plain.affinityKey()).isNull();
        }
    }

    private static void insert(Connection c, String id, String payload) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, type, payload, priority, timeout_seconds, "
                + "item_index, created, status, attempt, failures, lost_attempts, updated) "
                + "VALUES (?, 'noop', ?, 5, 60, -1, 1000, 'WAITING', 0, 0, 0, 1000)")) {
            ps.setString(1, id);
            ps.setString(2, payload);
            ps.executeUpdate();
        }
    }
}
