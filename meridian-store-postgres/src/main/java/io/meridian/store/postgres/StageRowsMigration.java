package io.meridian.store.postgres;

import io.meridian.model.execution.StageRun;
import io.meridian.store.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import tools.jackson.core.type.TypeReference;

/**
 * Schema version 2: executions stored per stage. Before it, the {@code stages} column of an execution held every
 * stage as one JSON document, rewritten whole on every change: a chain of N stages cost O(N²) to write. From it
 * on, each stage is a row of {@code execution_stages}. Existing executions are moved over with the same JSON
 * mapping the store reads and writes, so every field reads back as before; Java rather than SQL for that reason.
 */
final class StageRowsMigration implements JavaMigration {

    private static final TypeReference<Map<String, StageRun>> STAGE_RUNS = new TypeReference<>() {};
    private static final int ROWS_PER_STATEMENT = 1_000;

    // Instants are TIMESTAMPTZ and output is JSON text, as in V1; stages are read by execution (the primary key).
    private static final String CREATE = """
            CREATE TABLE execution_stages (
                execution_id TEXT COLLATE "C" NOT NULL,
                stage_id     TEXT COLLATE "C" NOT NULL,
                status       TEXT             NOT NULL,
                jobs         INTEGER          NOT NULL,
                jobs_done    INTEGER          NOT NULL,
                attempts     INTEGER          NOT NULL,
                output       TEXT,
                error        TEXT,
                started      TIMESTAMPTZ,
                finished     TIMESTAMPTZ,
                PRIMARY KEY (execution_id, stage_id)
            )""";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "executions stored per stage";
    }

    @Override
    public Integer getChecksum() {
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
        }
        moveStages(c);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE executions DROP COLUMN stages");
        }
    }

    /** Streams the executions (a cursor: the fetch size applies inside the migration's transaction). */
    private static void moveStages(Connection c) throws SQLException {
        List<StageRows.Row> pending = new ArrayList<>();
        try (Statement select = c.createStatement()) {
            select.setFetchSize(100);
            try (ResultSet rs = select.executeQuery("SELECT id, stages FROM executions")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    for (StageRun run : StoreJson.MAPPER.readValue(rs.getString(2), STAGE_RUNS).values()) {
                        pending.add(new StageRows.Row(id, run));
                        if (pending.size() == ROWS_PER_STATEMENT) {
                            insert(c, pending);
                        }
                    }
                }
            }
        }
        insert(c, pending);
    }

    private static void insert(Connection c, List<StageRows.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(StageRows.UPSERT)) {
            StageRows.bind(ps, rows);
            ps.executeQuery().close();
        }
        rows.clear();
    }
}
