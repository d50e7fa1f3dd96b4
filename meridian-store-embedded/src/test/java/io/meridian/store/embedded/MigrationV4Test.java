package io.meridian.store.embedded;

import static io.meridian.store.StoreFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreFixtures;
import io.meridian.store.jdbc.StoreJson;
import io.meridian.store.StoreWrite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written before V4 (one JSON document of stages per execution) reads the same after it, per stage. */
class MigrationV4Test {

    @TempDir
    Path dir;

    @Test
    void executionsStoredAsOneDocumentAreMovedToOneRowPerStage() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/sqlite").target("3").load().migrate();
        ExecutionRecord full = StoreFixtures.fullExecution("full");
        Map<String, StageRun> stages = new HashMap<>(full.stages());
        stages.put("text", new StageRun("text", StageStatus.SUCCEEDED, 1, 1, 1, Json.parse("\"just text\""), null,
                at(1), at(2)));
        ExecutionRecord rich = new ExecutionRecord("full", full.pipeline(), full.inputs(), full.status(), stages,
                full.error(), full.requestId(), full.createdAt(), full.updatedAt());
        ExecutionRecord empty = StoreFixtures.execution("empty", null, at(5));
        try (Connection c = DriverManager.getConnection(url)) {
            insertAsV3Wrote(c, rich);
            insertAsV3Wrote(c, empty);
        }
        try (SqliteStore store = new SqliteStore(file)) {
            assertThat(store.execution("full")).contains(rich);
            assertThat(store.execution("empty")).contains(empty);
            assertThat(store.executionByRequestId(full.requestId())).contains(rich);
            assertThat(store.executions(10)).containsExactly(empty, rich);

            StageRun resized = new StageRun("resize", StageStatus.SUCCEEDED, 2, 2, 3, null, null, at(3), at(9));
            store.commit(java.util.List.of(new StoreWrite.PutStage("full", resized)));
            assertThat(store.execution("full").orElseThrow().stages()).containsEntry("resize", resized)
                    .containsEntry("fetch", full.stages().get("fetch"));
        }
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pragma_table_info('executions') "
                     + "WHERE name IN ('stages', 'pipeline', 'inputs')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("document columns dropped").isZero();
        }
    }

    /** The row exactly as the V3 store wrote it: the pipeline, inputs and every stage as JSON in one row. */
    private static void insertAsV3Wrote(Connection c, ExecutionRecord e) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO executions (id, pipeline, inputs, status, "
                + "stages, error, request_id, created, updated, pipeline_id, pipeline_version) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            insert.setString(1, e.id());
            insert.setString(2, StoreJson.MAPPER.writeValueAsString(e.pipeline()));
            insert.setString(3, e.inputs() == null ? null : StoreJson.MAPPER.writeValueAsString(e.inputs()));
            insert.setString(4, e.status().name());
            insert.setString(5, StoreJson.MAPPER.writeValueAsString(e.stages()));
            insert.setString(6, e.error());
            insert.setString(7, e.requestId());
            insert.setLong(8, e.createdAt().toEpochMilli());
            insert.setLong(9, e.updatedAt().toEpochMilli());
            insert.setString(10, e.pipeline().id());
            insert.setInt(11, e.pipeline().version());
            insert.executeUpdate();
        }
    }
}
