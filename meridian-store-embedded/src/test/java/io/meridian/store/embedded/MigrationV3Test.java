package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.StoreFixtures;
import io.meridian.store.jdbc.StoreJson;
import io.meridian.store.query.ExecutionQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written before V3 gains the pipeline columns, filled from the stored pipeline JSON. */
class MigrationV3Test {

    @TempDir
    Path dir;

    @Test
    void executionsStoredBeforeV3AreFoundByPipelineAfterIt() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement insert = c.prepareStatement("INSERT INTO executions (id, pipeline, inputs, status, "
                     + "stages, error, request_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?)")) {
            // the pipeline column exactly as V1/V2 code wrote it
            insert.setString(1, "old-1");
            insert.setString(2, StoreJson.MAPPER.writeValueAsString(StoreFixtures.pipeline()));
            insert.setString(3, null);
            insert.setString(4, "SUCCEEDED");
            insert.setString(5, "{}");
            insert.setString(6, null);
            insert.setString(7, null);
            insert.setLong(8, 1_000);
            insert.setLong(9, 2_000);
            insert.executeUpdate();
        }
        try (SqliteStore store = new SqliteStore(file)) {
            var pipeline = StoreFixtures.pipeline();
            var page = store.executions(new ExecutionQuery(pipeline.id(), pipeline.version(), Set.of(), null, null,
                    null, 10));
            assertThat(page.items()).extracting(x -> x.id()).containsExactly("old-1");
            assertThat(store.executions(new ExecutionQuery(pipeline.id(), pipeline.version() + 1, Set.of(), null,
                    null, null, 10)).items()).isEmpty();
        }
    }
}
