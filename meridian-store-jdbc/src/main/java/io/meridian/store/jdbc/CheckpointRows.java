package io.meridian.store.jdbc;

import static io.meridian.store.jdbc.Columns.getJson;
import static io.meridian.store.jdbc.Columns.setJson;
import static io.meridian.store.jdbc.Columns.setText;

import io.meridian.store.query.Checkpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The {@code checkpoints} table: its SQL, and mapping between rows and {@link Checkpoint}s. */
public final class CheckpointRows {

    private static final List<String> COLUMNS = List.of("execution_id", "checkpoint_id", "stage_id", "metadata",
            "created");

    private final Dialect dialect;
    private final String upsert;
    private final String ofExecution;

    public CheckpointRows(Dialect dialect) {
        this.dialect = dialect;
        // a repeated checkpoint id replaces the checkpoint but keeps its place among equal creation times
        this.upsert = dialect.upsert("checkpoints", COLUMNS, COLUMNS.subList(0, 2), COLUMNS.subList(2, 5));
        this.ofExecution = "SELECT " + String.join(", ", COLUMNS) + " FROM checkpoints WHERE execution_id = ? "
                + "ORDER BY created, " + dialect.insertionOrder();
    }

    public String upsert() {
        return upsert;
    }

    /** The checkpoints of one execution (one parameter), oldest first. */
    public String ofExecution() {
        return ofExecution;
    }

    public void bind(PreparedStatement ps, Checkpoint c) throws SQLException {
        setText(ps, 1, c.executionId());
        setText(ps, 2, c.checkpointId());
        setText(ps, 3, c.stageId());
        setJson(ps, 4, c.metadata());
        dialect.setInstant(ps, 5, c.createdAt());
    }

    public Checkpoint read(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getString(1), rs.getString(2), rs.getString(3), getJson(rs, 4),
                dialect.getInstant(rs, 5));
    }
}
