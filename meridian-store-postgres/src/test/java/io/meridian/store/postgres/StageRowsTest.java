package io.meridian.store.postgres;

import static io.meridian.store.StoreFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

/**
 * Executions stored per stage on PostgreSQL: a stage change does not rewrite the execution's other stages, stage
 * rows go with their execution, and a schema from before version 2 (one JSON document of stages) is moved over.
 */
@PostgresTest
class StageRowsTest {

    private final String schema = TestPostgres.newSchema();

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void changingOneStageDoesNotRewriteTheOthers() throws Exception {
        ExecutionRecord big = bigExecution();
        try (PostgresStore store = TestPostgres.openStore(schema)) {
            store.commit(List.of(new StoreWrite.PutExecution(big)));
            long before = storedBytes();
            for (int i = 0; i < 20; i++) {
                StageRun resize = new StageRun("resize", StageStatus.RUNNING, 20, i, i, null, null, at(3), null);
                store.commit(List.of(new StoreWrite.PutStage("big", resize),
                        new StoreWrite.PutExecutionStatus("big", ExecutionStatus.RUNNING, null, at(10 + i))));
            }
            // every rewrite of the 1 MB stage would leave a dead copy of it: 20 MB; untouched, it stays once
            assertThat(storedBytes() - before).as("bytes the 20 changes added").isLessThan(1024 * 1024);
            assertThat(store.execution("big").orElseThrow().stages().get("fetch")).isEqualTo(big.stages().get("fetch"));
        }
    }

    @Test
    void deletingAnExecutionDeletesItsStageRows() throws Exception {
        try (PostgresStore store = TestPostgres.openStore(schema)) {
            ExecutionRecord full = StoreFixtures.fullExecution("old");
            store.commit(List.of(new StoreWrite.PutExecution(full),
                    new StoreWrite.PutExecution(StoreFixtures.fullExecution("kept"))));
            assertThat(stageRows()).isEqualTo(4);
            assertThat(store.deleteExecutions(full.updatedAt().plusMillis(1), 1).executions()).isEqualTo(1);
            assertThat(stageRows()).isEqualTo(2);
        }
    }

    @Test
    void stageDocumentsWrittenBeforeVersion2AreMovedToRows() throws Exception {
        PostgresLocation at = LocationParser.parse(TestPostgres.location(schema));
        Flyway.configure().dataSource(at.jdbcUrl(), at.user(), at.password()).schemas(schema).defaultSchema(schema)
                .createSchemas(true).locations("classpath:db/postgresql").target("1").load().migrate();
        ExecutionRecord full = StoreFixtures.fullExecution("full");
        Map<String, StageRun> stages = new HashMap<>(full.stages());
        stages.put("text", new StageRun("text", StageStatus.SUCCEEDED, 1, 1, 1, Json.parse("\"just text\""), null,
                at(1), at(2)));
        ExecutionRecord rich = new ExecutionRecord("full", full.pipeline(), full.inputs(), full.status(), stages,
                full.error(), full.requestId(), full.createdAt(), full.updatedAt());
        ExecutionRecord empty = StoreFixtures.execution("empty", null, at(5));
        try (Connection c = TestPostgres.connect(at)) {
            insertAsVersion1Wrote(c, rich);
            insertAsVersion1Wrote(c, empty);
        }
        try (PostgresStore store = TestPostgres.openStore(schema)) {
            assertThat(store.execution("full")).contains(rich);
            assertThat(store.executions(10)).containsExactly(empty, rich);
            assertThat(stageRows()).isEqualTo(3);
        }
    }

    private static void insertAsVersion1Wrote(Connection c, ExecutionRecord e) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO executions (id, pipeline, inputs, status, "
                + "stages, error, request_id, created, updated, pipeline_id, pipeline_version) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, e.id());
            io.meridian.store.jdbc.Columns.setJson(ps, 2, e.pipeline());
            io.meridian.store.jdbc.Columns.setJson(ps, 3, e.inputs());
            ps.setString(4, e.status().name());
            io.meridian.store.jdbc.Columns.setJson(ps, 5, e.stages());
            ps.setString(6, e.error());
            ps.setString(7, e.requestId());
            PgColumns.setInstant(ps, 8, e.createdAt());
            PgColumns.setInstant(ps, 9, e.updatedAt());
            ps.setString(10, e.pipeline().id());
            ps.setInt(11, e.pipeline().version());
            ps.executeUpdate();
        }
    }

    /** Everything the execution tables occupy: heap, TOAST and indexes. */
    private long storedBytes() throws Exception {
        return single("SELECT pg_total_relation_size('executions') + pg_total_relation_size('execution_stages')");
    }

    private long stageRows() throws Exception {
        return single("SELECT count(*) FROM execution_stages");
    }

    private long single(String sql) throws Exception {
        try (Connection c = TestPostgres.connect(LocationParser.parse(TestPostgres.location(schema)));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An execution whose first stage has a 1 MB output that does not compress. */
    private static ExecutionRecord bigExecution() {
        byte[] noise = new byte[512 * 1024];
        new Random(42).nextBytes(noise);
        StageRun fetch = new StageRun("fetch", StageStatus.SUCCEEDED, 1, 1, 1,
                StringNode.valueOf(HexFormat.of().formatHex(noise)), null, at(1), at(2));
        Map<String, StageRun> stages = Map.of("fetch", fetch, "resize", StageRun.pending("resize"));
        return new ExecutionRecord("big", StoreFixtures.pipeline(), null, ExecutionStatus.RUNNING, stages, null, null,
                at(0), at(0));
    }
}
