package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.model.json.Json;
import io.meridian.worker.config.StageResources;
import io.meridian.worker.config.WorkerConfig;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.TestingTaskContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** database_write against a real SQLite file in a temporary directory (the worker's default data source). */
class DatabaseWriteSqliteTest {
    static final String DDL = "CREATE TABLE IF NOT EXISTS events (k TEXT PRIMARY KEY, n INTEGER NOT NULL, x REAL, "
            + "flag INTEGER, note TEXT)";
    @TempDir
    Path dir;
    StageResources resources;
    final DatabaseWriteStage db = new DatabaseWriteStage();

    @BeforeEach
    void open() {
        resources = StageResources.open(WorkerConfig.from(Json.object()), dir, Map.of());
    }

    @AfterEach
    void close() {
        resources.close();
    }

    TestingTaskContext job(String json) {
        return TestingTaskContext.withConfig(json).resource("default", resources.resource("default"));
    }

    long rowsAffected(TestingTaskContext job) throws Exception {
        return db.execute(job).path("rows_affected").asLong();
    }

    List<String> rows() throws Exception {
        List<String> out = new ArrayList<>();
        try (var conn = ((DataSource) resources.resource("default")).getConnection();
             var rs = conn.createStatement().executeQuery("SELECT k, n, x, flag, note FROM events ORDER BY k")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4) + "|"
                        + rs.getString(5));
            }
        }
        return out;
    }

    @Test
    void paramsInsertOneRowAfterCreateTable() throws Exception {
        var j = job("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO events VALUES (?, ?, ?, ?, ?)\", "
                + "\"params\": [\"a\", 7, 1.5, true, {\"nested\": [1]}]}");
        assertThat(rowsAffected(j)).isEqualTo(1);
        assertThat(rows()).containsExactly("a|7|1.5|1|{\"nested\":[1]}");
    }

    @Test
    void rowsAsArraysAreOneBatch() throws Exception {
        var j = job("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", "
                + "\"rows\": [[\"a\", 1], [\"b\", 2], [\"c\", 3]]}");
        assertThat(rowsAffected(j)).isEqualTo(3);
        assertThat(rows()).hasSize(3).first().isEqualTo("a|1|null|null|null");
    }

    @Test
    void rowsAsObjectsAreReadInColumnsOrder() throws Exception {
        var j = job("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO events (note, k, n) VALUES (?, ?, ?)\", "
                + "\"columns\": [\"note\", \"$idempotency_key\", \"n\"], "
                + "\"rows\": [{\"n\": 4, \"note\": \"first\", \"ignored\": 1}]}").idempotencyKey("ex9/load/3");
        assertThat(rowsAffected(j)).isEqualTo(1);
        assertThat(rows()).containsExactly("ex9/load/3|4|null|null|first");
    }

    @Test
    void objectRowsWithoutColumnsAndNonListRowsAreBadConfig() {
        var noColumns = job("{\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", \"rows\": [{\"k\": \"a\", \"n\": 1}]}");
        assertThat(catchThrowableOfType(TaskFailure.class, () -> db.execute(noColumns)).getMessage()).contains("'columns'");
        var notAList = job("{\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", \"rows\": {\"k\": \"a\"}}");
        assertThat(catchThrowableOfType(TaskFailure.class, () -> db.execute(notAList)).nonRetryable()).isTrue();
    }

    @Test
    void theIdempotencyKeyMakesARepeatedJobWriteOnce() throws Exception {
        String config = "{\"create_table\": \"" + DDL + "\", "
                + "\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?) ON CONFLICT DO NOTHING\", "
                + "\"params\": [\"$idempotency_key\", 1]}";
        assertThat(rowsAffected(job(config).idempotencyKey("ex1/write/0").attempt(1))).isEqualTo(1);
        assertThat(rowsAffected(job(config).idempotencyKey("ex1/write/0").attempt(2))).isZero();
        assertThat(rowsAffected(job(config).idempotencyKey("ex1/write/1"))).isEqualTo(1);
        assertThat(rows()).containsExactly("ex1/write/0|1|null|null|null", "ex1/write/1|1|null|null|null");
    }

    @Test
    void templatesInTheSqlAreRefusedForGood() {
        for (String key : List.of("sql", "create_table")) {
            var j = job(key.equals("sql") ? "{\"sql\": \"DROP TABLE {{inputs.table}}\"}"
                    : "{\"sql\": \"SELECT 1\", \"create_table\": \"DROP TABLE {{inputs.table}}\"}");
            var f = catchThrowableOfType(TaskFailure.class, () -> db.execute(j));
            assertThat(f.nonRetryable()).as(key).isTrue();
            assertThat(f.getMessage()).contains("'" + key + "' must not contain templates");
        }
    }

    @Test
    void missingOrNonTextSqlIsBadConfig() {
        assertThat(catchThrowableOfType(TaskFailure.class, () -> db.execute(job("{}"))).getMessage())
                .contains("'sql' is required");
        assertThat(catchThrowableOfType(TaskFailure.class, () -> db.execute(job("{\"sql\": [\"SELECT 1\"]}"))).getMessage())
                .contains("must be a string");
    }

    @Test
    void anUnknownDataSourceIsFinalAndNamed() {
        var f = catchThrowableOfType(TaskFailure.class,
                () -> db.execute(job("{\"datasource\": \"warehouse\", \"sql\": \"SELECT 1\"}")));
        assertThat(f.nonRetryable()).isTrue();
        assertThat(f.getMessage()).contains("'warehouse'");
    }

    @Test
    void aSyntaxErrorIsFinal() {
        var f = catchThrowableOfType(TaskFailure.class, () -> db.execute(job("{\"sql\": \"INSERT INTO events VALUESS (1)\"}")));
        assertThat(f.type()).isEqualTo("sql_error");
        assertThat(f.getMessage()).contains("'default'").contains("VALUESS");
        assertThat(f.nonRetryable()).isTrue();
    }

    @Test
    void aLaterRowViolatingAConstraintRollsBackTheWholeBatch() throws Exception {
        rowsAffected(job("{\"create_table\": \"" + DDL + "\", \"sql\": \"INSERT INTO events (k, n) VALUES ('z', 0)\"}"));
        var batch = job("{\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", "
                + "\"rows\": [[\"a\", 1], [\"b\", 2], [\"z\", 3], [\"c\", 4]]}");
        var f = catchThrowableOfType(TaskFailure.class, () -> db.execute(batch));
        assertThat(f.nonRetryable()).isTrue();
        assertThat(rows()).containsExactly("z|0|null|null|null");
        var nullViolation = job("{\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", \"rows\": [[\"d\", 1], [\"e\", null]]}");
        assertThat(catchThrowableOfType(TaskFailure.class, () -> db.execute(nullViolation))).isNotNull();
        assertThat(rows()).containsExactly("z|0|null|null|null");
        // The pooled connection is usable afterwards: nothing was left half-committed.
        assertThat(rowsAffected(job("{\"sql\": \"INSERT INTO events (k, n) VALUES (?, ?)\", \"params\": [\"ok\", 1]}"))).isEqualTo(1);
    }

    TaskFailure refusal(String json) {
        return catchThrowableOfType(TaskFailure.class, () -> db.execute(job(json)));
    }

    @Test
    void attachingAnotherDatabaseIsRefusedNamingTheStatement() throws Exception {
        Path store = dir.resolve("meridian.db");
        TaskFailure f = refusal("{\"sql\": \"ATTACH DATABASE '" + store + "' AS x\"}");
        assertThat(f.type()).isEqualTo("bad_config");
        assertThat(f.nonRetryable()).isTrue();
        assertThat(f.getMessage()).contains("'sql' is refused", "got one starting with 'attach'",
                "limited to its own database");
        assertThat(store).doesNotExist();

        TaskFailure ddl = refusal("{\"create_table\": \"ATTACH DATABASE '" + store + "' AS x\", "
                + "\"sql\": \"INSERT INTO t VALUES (?)\", \"params\": [1]}");
        assertThat(ddl.getMessage()).contains("'create_table' is refused");
        assertThat(store).doesNotExist();
    }

    @Test
    void pragmaVacuumIntoAndExtensionsAreRefused() {
        assertThat(refusal("{\"sql\": \"PRAGMA writable_schema = 1\"}").getMessage()).contains("'pragma'");
        assertThat(refusal("{\"sql\": \"VACUUM INTO '" + dir.resolve("copy.db") + "'\"}").getMessage())
                .contains("'vacuum'");
        assertThat(refusal("{\"sql\": \"INSERT INTO t VALUES (load_extension('x'))\"}").getMessage())
                .contains("load_extension() is not allowed");
        assertThat(dir.resolve("copy.db")).doesNotExist();
    }

    @Test
    void evenAHandlerGivenTheRawDataSourceCannotAttachOrLoadExtensions() throws Exception {
        try (var conn = ((DataSource) resources.resource("default")).getConnection()) {
            Throwable attach = catchThrowableOfType(java.sql.SQLException.class, () -> conn.createStatement()
                    .execute("ATTACH DATABASE '" + dir.resolve("other.db") + "' AS x"));
            assertThat((Object) attach).isNotNull();
            assertThat(attach.getMessage()).contains("too many attached databases");
            Throwable load = catchThrowableOfType(java.sql.SQLException.class, () -> conn.createStatement()
                    .executeQuery("SELECT load_extension('/nonexistent/evil')"));
            assertThat(load.getMessage()).contains("not authorized");
        }
        assertThat(dir.resolve("other.db")).doesNotExist();
    }
}
