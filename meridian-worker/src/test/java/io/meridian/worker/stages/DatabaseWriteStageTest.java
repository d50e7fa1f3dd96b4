package io.meridian.worker.stages;

import io.meridian.worker.testing.TestingTaskContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.worker.config.StageResources;
import io.meridian.worker.config.WorkerConfig;
import io.meridian.worker.sdk.TaskFailure;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** database_write against a real SQLite file, through the pooled data sources of StageResources. */
class DatabaseWriteStageTest {
    @TempDir
    Path dir;
    StageResources resources;
    final DatabaseWriteStage db = new DatabaseWriteStage();

    @BeforeEach
    void open() {
        resources = StageResources.open(WorkerConfig.from(Json.object()), dir, Map.of("MERIDIAN_SECRET_K", "v"));
    }

    @AfterEach
    void close() {
        resources.close();
    }

    TestingTaskContext ctx(String json) {
        TestingTaskContext c = TestingTaskContext.withConfig(json);
        c.resources.put("default", resources.resource("default"));
        return c;
    }

    long count(String sql) throws Exception {
        try (var conn = ((DataSource) resources.resource("default")).getConnection();
             ResultSet rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static final String DDL = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, n INTEGER NOT NULL)";

    @Test
    void writesParamsAndRowsInOneTransaction() throws Exception {
        var one = ctx("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO t VALUES (?, ?)\", \"params\": [\"a\", 1]}");
        assertThat(db.execute(one).path("rows_affected").asInt()).isEqualTo(1);
        var arrays = ctx("{\"sql\": \"INSERT INTO t VALUES (?, ?)\", \"rows\": [[\"b\", 2], [\"c\", 3]]}");
        assertThat(db.execute(arrays).path("rows_affected").asInt()).isEqualTo(2);
        var objects = ctx("{\"sql\": \"INSERT INTO t VALUES (?, ?)\", \"rows\": [{\"n\": 4, \"k\": \"d\"}], "
                + "\"columns\": [\"k\", \"n\"]}");
        db.execute(objects);
        assertThat(count("SELECT sum(n) FROM t")).isEqualTo(10);
    }

    @Test
    void theIdempotencyKeyMakesARepeatedJobWriteOnce() throws Exception {
        var job = ctx("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO t VALUES (?, ?) ON CONFLICT (k) DO NOTHING\","
                + " \"params\": [\"$idempotency_key\", 1]}");
        db.execute(job);
        db.execute(job);
        assertThat(count("SELECT count(*) FROM t WHERE k = 'x1/stage/0'")).isEqualTo(1);
    }

    @Test
    void aFailingRowRollsBackTheWholeBatch() throws Exception {
        db.execute(ctx("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO t VALUES ('z', 0)\"}"));
        var batch = ctx("{\"sql\": \"INSERT INTO t VALUES (?, ?)\", \"rows\": [[\"e\", 5], [\"z\", 6]]}");
        assertThatThrownBy(() -> db.execute(batch)).isInstanceOf(TaskFailure.class);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
    }

    @Test
    void templatesInSqlUnknownDataSourcesAndBadSqlFailForGood() {
        assertThatThrownBy(() -> db.execute(ctx("{\"sql\": \"DELETE FROM {{input.table}}\"}")))
                .hasMessageContaining("must not contain templates").matches(e -> ((TaskFailure) e).nonRetryable());
        assertThatThrownBy(() -> db.execute(ctx("{\"datasource\": \"warehouse\", \"sql\": \"SELECT 1\"}")))
                .hasMessageContaining("warehouse").matches(e -> ((TaskFailure) e).nonRetryable());
        assertThatThrownBy(() -> db.execute(ctx("{\"sql\": \"INSERT INTO nowhere VALUES (1)\"}")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("nowhere");
    }

    @Test
    void configErrorsAndSecretsAreNamed() {
        assertThatThrownBy(() -> WorkerConfig.from(Json.parse("{\"datasources\": {\"w\": {\"url\": \"postgres://x\"}}}")))
                .hasMessageContaining("datasources.w.url");
        assertThat(resources.secret("K")).isEqualTo("v");
        assertThatThrownBy(() -> resources.secret("MISSING")).hasMessageContaining("MERIDIAN_SECRET_MISSING")
                .hasMessageNotContaining("v\"");
    }
}
