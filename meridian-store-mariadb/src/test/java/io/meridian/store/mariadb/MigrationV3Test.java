package io.meridian.store.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Jobs stored before V3 carried their placement in the payload; after it they have it as fields. */
@MariaDbTest
class MigrationV3Test {

    @Test
    void aJobsPlacementIsCopiedOutOfItsPayload() throws Exception {
        String location = TestMariaDb.newDatabase();
        try {
            MariaDbLocation parsed = MariaDbLocationParser.parse(location);
            try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.driverProperties())) {
                Flyway.configure(MariaDbOpener.class.getClassLoader()).dataSource(parsed.jdbcUrl(), parsed.user(),
                        parsed.password()).locations("classpath:db/mariadb").target("2").load().migrate();
                insert(c, "affine", "{\"config\":{},\"placement\":{\"strategy\":\"Affinity\",\"affinity_key\":\"c-7\"}}");
                insert(c, "robin", "{\"config\":{},\"placement\":{\"strategy\":\"round_robin\",\"affinity_key\":\"x\"}}");
                insert(c, "plain", "{\"config\":{\"placement\":\"not a job's placement\"}}");
            }
            try (MariaDbStore store = MariaDbStore.open(location)) {
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
        } finally {
            TestMariaDb.drop(location);
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
