package io.meridian.store.postgres;

import static io.meridian.store.postgres.Columns.getInstant;
import static io.meridian.store.postgres.Columns.getJson;
import static io.meridian.store.postgres.Columns.setInstant;
import static io.meridian.store.postgres.Columns.setJson;

import io.meridian.store.query.Checkpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code checkpoints} table: its SQL, and mapping between rows and {@link Checkpoint}s. */
final class CheckpointRows {

    static final String SELECT_OF_EXECUTION = "SELECT execution_id, checkpoint_id, stage_id, metadata, created "
            + "FROM checkpoints WHERE execution_id = ? ORDER BY created, seq";

    /** A repeated checkpoint id replaces the checkpoint but keeps its place among equal creation times. */
    static final String UPSERT = "INSERT INTO checkpoints (execution_id, checkpoint_id, stage_id, metadata, created) "
            + "VALUES (?,?,?,?,?) ON CONFLICT (execution_id, checkpoint_id) DO UPDATE SET "
            + "stage_id = excluded.stage_id, metadata = excluded.metadata, created = excluded.created";

    private CheckpointRows() {}

    static void bind(PreparedStatement ps, Checkpoint c) throws SQLException {
        ps.setString(1, Columns.text(c.executionId()));
        ps.setString(2, Columns.text(c.checkpointId()));
        ps.setString(3, Columns.text(c.stageId()));
        setJson(ps, 4, c.metadata());
        setInstant(ps, 5, c.createdAt());
    }

    static Checkpoint read(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getString(1), rs.getString(2), rs.getString(3), getJson(rs, 4), getInstant(rs, 5));
    }
}
