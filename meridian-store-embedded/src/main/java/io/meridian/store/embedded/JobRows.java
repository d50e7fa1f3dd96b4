package io.meridian.store.embedded;

import static io.meridian.store.embedded.Columns.getInstant;
import static io.meridian.store.embedded.Columns.getJson;
import static io.meridian.store.embedded.Columns.setInstant;
import static io.meridian.store.embedded.Columns.setJson;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code jobs} table: its SQL, and mapping between rows and {@link JobRecord}s. */
final class JobRows {

    private static final String SPEC = "id, type, payload, priority, requires, retry, timeout_seconds, "
            + "execution_id, stage_id, item_index, created";
    private static final String[] STATE = {"status", "attempt", "failures", "lost_attempts", "not_before",
            "worker_id", "lease_expires_at", "deadline", "result", "error", "updated"};

    /** Part of the spec, after the state so that the state keeps its column numbers (added by schema migration). */
    private static final String PLACEMENT = "placement_strategy, affinity_key";
    private static final int FIRST_PLACEMENT = 12 + STATE.length;

    static final String COLUMNS = SPEC + ", " + String.join(", ", STATE) + ", " + PLACEMENT;
    static final String SELECT = "SELECT " + COLUMNS + " FROM jobs ";
    /** How many columns {@link #COLUMNS} names: a query may select more after them. */
    static final int COLUMN_COUNT = FIRST_PLACEMENT + 1;

    /** Updates only the state: a job's spec never changes, so it is neither re-serialised nor rewritten. */
    static final String UPDATE_STATE = "UPDATE jobs SET " + String.join(" = ?, ", STATE) + " = ? WHERE id = ?";

    static final String UPSERT = "INSERT INTO jobs (" + COLUMNS + ") VALUES ("
            + Columns.placeholders(13 + STATE.length) + ") ON CONFLICT (id) DO UPDATE SET "
            + String.join(", ", java.util.Arrays.stream(STATE).map(c -> c + " = excluded." + c).toList());

    private JobRows() {}

    static void bindUpsert(PreparedStatement ps, JobRecord job) throws SQLException {
        JobSpec spec = job.spec();
        ps.setString(1, job.id());
        ps.setString(2, spec.type());
        setJson(ps, 3, spec.payload());
        ps.setInt(4, spec.priority());
        setJson(ps, 5, spec.requires().equals(Requirements.NONE) ? null : spec.requires());
        setJson(ps, 6, spec.retry().equals(RetryPolicy.DEFAULT) ? null : spec.retry());
        ps.setInt(7, spec.timeoutSeconds());
        ps.setString(8, spec.executionId());
        ps.setString(9, spec.stageId());
        ps.setInt(10, spec.itemIndex());
        setInstant(ps, 11, job.createdAt());
        bindState(ps, 12, job.state());
        ps.setString(FIRST_PLACEMENT, spec.placementStrategy());
        ps.setString(FIRST_PLACEMENT + 1, spec.affinityKey());
    }

    static void bindUpdate(PreparedStatement ps, JobRecord job) throws SQLException {
        bindState(ps, 1, job.state());
        ps.setString(1 + STATE.length, job.id());
    }

    private static void bindState(PreparedStatement ps, int first, JobState s) throws SQLException {
        ps.setString(first, s.status().name());
        ps.setInt(first + 1, s.attempt());
        ps.setInt(first + 2, s.failures());
        ps.setInt(first + 3, s.lostAttempts());
        setInstant(ps, first + 4, s.notBefore());
        ps.setString(first + 5, s.workerId());
        setInstant(ps, first + 6, s.leaseExpiresAt());
        setInstant(ps, first + 7, s.deadline());
        setJson(ps, first + 8, s.result());
        ps.setString(first + 9, s.error());
        setInstant(ps, first + 10, s.updatedAt());
    }

    static JobRecord read(ResultSet rs) throws SQLException {
        JobSpec spec = new JobSpec(rs.getString(2), getJson(rs, 3), rs.getInt(4),
                getJson(rs, 5, Requirements.class), getJson(rs, 6, RetryPolicy.class), rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(FIRST_PLACEMENT),
                rs.getString(FIRST_PLACEMENT + 1));
        JobState state = new JobState(JobStatus.valueOf(rs.getString(12)), rs.getInt(13), rs.getInt(14),
                rs.getInt(15), getInstant(rs, 16), rs.getString(17), getInstant(rs, 18), getInstant(rs, 19),
                getJson(rs, 20), rs.getString(21), getInstant(rs, 22));
        return new JobRecord(rs.getString(1), spec, state, getInstant(rs, 11));
    }
}
