package io.meridian.store.embedded;

import io.meridian.model.execution.StageRun;
import io.meridian.store.jdbc.StageRows;
import io.meridian.store.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import tools.jackson.core.type.TypeReference;

/**
 * Schema version 4: executions stored per stage. Before it, each execution was one row whose {@code stages} column
 * held every stage as one JSON document, rewritten whole on every change: a chain of N stages cost O(N²) to
 * write. From it on, the {@code executions} row is a small header, the pipeline and inputs (written once) live in
 * {@code execution_definitions}, and each stage is a row of {@code execution_stages}. Existing executions are
 * moved over, stage by stage, with the same JSON mapping the store reads and writes, so every field reads back
 * as before. Java rather than SQL because the stage documents must be parsed exactly as the store parses them.
 */
final class StageRowsMigration implements JavaMigration {

    private static final TypeReference<Map<String, StageRun>> STAGE_RUNS = new TypeReference<>() {};
    private static final int ROWS_PER_BATCH = 1_000;
    private static final StageRows STAGES = new StageRows(SqliteDialect.INSTANCE);

    private static final String[] CREATE = {
        """
        CREATE TABLE execution_definitions (
            id        TEXT NOT NULL PRIMARY KEY,
            pipeline  TEXT NOT NULL,
            inputs    TEXT
        )""",
        // instants are epoch milliseconds, as everywhere; output is JSON text
        """
        CREATE TABLE execution_stages (
            execution_id TEXT    NOT NULL,
            stage_id     TEXT    NOT NULL,
            status       TEXT    NOT NULL,
            jobs         INTEGER NOT NULL,
            jobs_done    INTEGER NOT NULL,
            attempts     INTEGER NOT NULL,
            output       TEXT,
            error        TEXT,
            started      INTEGER,
            finished     INTEGER,
            PRIMARY KEY (execution_id, stage_id)
        )""",
        "INSERT INTO execution_definitions (id, pipeline, inputs) SELECT id, pipeline, inputs FROM executions"
    };

    private static final String[] DROP_DOCUMENT_COLUMNS = {
        "ALTER TABLE executions DROP COLUMN stages",
        "ALTER TABLE executions DROP COLUMN pipeline",
        "ALTER TABLE executions DROP COLUMN inputs"
    };

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "executions stored per stage";
    }

    @Override
    public Integer getChecksum() {
        return 4;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        execute(c, CREATE);
        moveStages(c);
        execute(c, DROP_DOCUMENT_COLUMNS);
    }

    private static void moveStages(Connection c) throws SQLException {
        try (Statement select = c.createStatement();
             ResultSet rs = select.executeQuery("SELECT id, stages FROM executions ORDER BY rowid");
             PreparedStatement insert = c.prepareStatement(STAGES.upsert())) {
            int pending = 0;
            while (rs.next()) {
                Map<String, StageRun> stages = StoreJson.MAPPER.readValue(rs.getString(2), STAGE_RUNS);
                for (StageRun run : stages.values()) {
                    STAGES.bind(insert, rs.getString(1), run);
                    insert.addBatch();
                    if (++pending == ROWS_PER_BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            insert.executeBatch();
        }
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
