package io.meridian.store.postgres;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.JobRecord;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link Batch} inside the caller's transaction: one JDBC batch per table, which the driver sends in one
 * round trip (inserts rewritten as multi-row statements), never a round trip per row; jobs, the bulk of every
 * commit, as one statement of arrays each for their inserts ({@link JobInserts}) and their state changes ({@link
 * JobStateUpdates}).
 */
final class BatchWriter {

    private static final String INSERT_PIPELINE = "INSERT INTO pipelines (id, version, definition) VALUES (?,?,?) "
            + "ON CONFLICT (id, version) DO NOTHING";

    private static final Rows ROWS = PostgresDialect.ROWS;
    private static final io.meridian.store.jdbc.EventRows EVENTS = new io.meridian.store.jdbc.EventRows(ROWS);

    private BatchWriter() {}

    static void write(Connection c, Batch batch) throws SQLException {
        ExecutionWriter.write(c, batch.executions);
        if (!batch.pipelines.isEmpty()) {
            run(c, INSERT_PIPELINE, batch.pipelines.values(), BatchWriter::bindPipeline);
        }
        if (!batch.checkpoints.isEmpty()) {
            run(c, ROWS.checkpoints().upsert(), batch.checkpoints.values(), ROWS.checkpoints()::bind);
        }
        if (!batch.jobs.isEmpty()) {
            writeJobs(c, List.copyOf(batch.jobs.values()));
        }
        batch.schedules.flush(c);
        EVENTS.append(c, batch.events);
    }

    /**
     * Most job writes move a stored job to a new state: those go out as state-only UPDATEs, so a large payload is
     * not serialised and sent again on every transition. Fresh submissions (waiting, never attempted) and any
     * job the UPDATE did not find go out as upserts with their spec, in batch order so that jobs created in the
     * same instant keep their order. A wrong guess costs a round trip, never correctness.
     */
    private static void writeJobs(Connection c, List<JobRecord> jobs) throws SQLException {
        List<JobRecord> stored = jobs.stream().filter(j -> !looksNew(j)).toList();
        Set<String> found = new HashSet<>();
        if (!stored.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(JobStateUpdates.UPDATE_STATES)) {
                JobStateUpdates.bindUpdates(ps, stored);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        List<JobRecord> inserts = jobs.stream().filter(j -> looksNew(j) || !found.contains(j.id())).toList();
        if (!inserts.isEmpty()) {
            JobInserts.upsert(c, inserts); // one statement of arrays, not a batch of rows
        }
    }

    private static boolean looksNew(JobRecord job) {
        return job.state().attempt() == 0 && (job.state().status() == JobStatus.WAITING
                || job.state().status() == JobStatus.DELAYED || job.state().status() == JobStatus.PAUSED);
    }

    private static void bindPipeline(PreparedStatement ps, Pipeline p) throws SQLException {
        Columns.setText(ps, 1, p.id());
        ps.setInt(2, p.version());
        Columns.setJson(ps, 3, p);
    }

    private interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private static <T> int[] run(Connection c, String sql, Collection<T> rows, RowBinder<T> binder)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

}
