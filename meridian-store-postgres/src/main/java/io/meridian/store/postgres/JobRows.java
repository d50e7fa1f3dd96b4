package io.meridian.store.postgres;

import static io.meridian.store.postgres.Columns.getInstant;
import static io.meridian.store.postgres.Columns.getJson;
import static io.meridian.store.postgres.Columns.setInstant;
import static io.meridian.store.postgres.Columns.setJson;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The {@code jobs} table: its SQL, and mapping between rows and {@link JobRecord}s. */
final class JobRows {

    private static final String SPEC = "id, type, payload, priority, requires, retry, timeout_seconds, "
            + "execution_id, stage_id, item_index, created";
    private static final String[] STATE = {"status", "attempt", "failures", "lost_attempts", "not_before",
            "worker_id", "lease_expires_at", "deadline", "result", "error", "updated"};
    private static final int SPEC_COLUMNS = 11;

    /** Part of the spec, after the state so that the state keeps its column numbers (added by schema migration). */
    private static final String PLACEMENT = "placement_strategy, affinity_key";
    private static final int FIRST_PLACEMENT = 12 + STATE.length;

    static final String COLUMNS = SPEC + ", " + String.join(", ", STATE) + ", " + PLACEMENT;
    static final String SELECT = "SELECT " + COLUMNS + " FROM jobs ";

    /**
     * Updates only the state (a job's spec never changes, so it is neither re-serialised nor re-sent), of many
     * jobs in one statement: one array per column, unnested into rows and joined on the primary key. Executing
     * one UPDATE per job cost about 0.1 ms each on the server, which made the store the bottleneck at a few
     * thousand jobs per second; one statement does the same work with one plan and one executor start.
     * Returns the ids it found, so that jobs missing from the table can be inserted instead.
     */
    static final String UPDATE_STATES = "UPDATE jobs AS j SET "
            + String.join(", ", Arrays.stream(STATE).map(c -> c + " = v." + c).toList())
            + " FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::timestamptz[], ?::text[], ?::timestamptz[], "
            + "?::timestamptz[], ?::text[], ?::text[], ?::timestamptz[], ?::text[]) AS v(" + String.join(", ", STATE)
            + ", id) WHERE j.id = v.id COLLATE \"C\" RETURNING j.id";

    /** On conflict only the state is replaced: the spec and creation time of a stored job are kept. */
    static final String UPSERT = "INSERT INTO jobs (" + COLUMNS + ") VALUES (?" + ",?".repeat(SPEC_COLUMNS + STATE.length + 1)
            + ") ON CONFLICT (id) DO UPDATE SET "
            + String.join(", ", Arrays.stream(STATE).map(c -> c + " = excluded." + c).toList());

    private JobRows() {}

    static void bindUpsert(PreparedStatement ps, JobRecord job) throws SQLException {
        JobSpec spec = job.spec();
        ps.setString(1, Columns.text(job.id()));
        ps.setString(2, Columns.text(spec.type()));
        setJson(ps, 3, spec.payload());
        ps.setInt(4, spec.priority());
        setJson(ps, 5, spec.requires().equals(Requirements.NONE) ? null : spec.requires());
        setJson(ps, 6, spec.retry().equals(RetryPolicy.DEFAULT) ? null : spec.retry());
        ps.setInt(7, spec.timeoutSeconds());
        ps.setString(8, Columns.text(spec.executionId()));
        ps.setString(9, Columns.text(spec.stageId()));
        ps.setInt(10, spec.itemIndex());
        setInstant(ps, 11, job.createdAt());
        bindState(ps, SPEC_COLUMNS + 1, job.state());
        ps.setString(FIRST_PLACEMENT, Columns.text(spec.placementStrategy()));
        ps.setString(FIRST_PLACEMENT + 1, Columns.text(spec.affinityKey()));
    }

    /** Binds the columns of {@link #UPDATE_STATES}, element i of every array being {@code jobs.get(i)}. */
    static void bindUpdates(PreparedStatement ps, List<JobRecord> jobs) throws SQLException {
        int n = jobs.size();
        String[] status = new String[n];
        Integer[] attempt = new Integer[n];
        Integer[] failures = new Integer[n];
        Integer[] lost = new Integer[n];
        String[] notBefore = new String[n];
        String[] worker = new String[n];
        String[] leaseExpires = new String[n];
        String[] deadline = new String[n];
        String[] result = new String[n];
        String[] error = new String[n];
        String[] updated = new String[n];
        String[] id = new String[n];
        for (int i = 0; i < n; i++) {
            JobState s = jobs.get(i).state();
            status[i] = s.status().name();
            attempt[i] = s.attempt();
            failures[i] = s.failures();
            lost[i] = s.lostAttempts();
            notBefore[i] = Columns.instantText(s.notBefore());
            worker[i] = Columns.text(s.workerId());
            leaseExpires[i] = Columns.instantText(s.leaseExpiresAt());
            deadline[i] = Columns.instantText(s.deadline());
            result[i] = Columns.json(s.result());
            error[i] = Columns.text(s.error());
            updated[i] = Columns.instantText(s.updatedAt());
            id[i] = Columns.text(jobs.get(i).id());
        }
        Connection c = ps.getConnection();
        Object[][] columns = {status, attempt, failures, lost, notBefore, worker, leaseExpires, deadline, result, error,
                updated, id};
        for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, c.createArrayOf(columns[i] instanceof Integer[] ? "int4" : "text", columns[i]));
        }
    }

    private static void bindState(PreparedStatement ps, int first, JobState s) throws SQLException {
        ps.setString(first, s.status().name());
        ps.setInt(first + 1, s.attempt());
        ps.setInt(first + 2, s.failures());
        ps.setInt(first + 3, s.lostAttempts());
        setInstant(ps, first + 4, s.notBefore());
        ps.setString(first + 5, Columns.text(s.workerId()));
        setInstant(ps, first + 6, s.leaseExpiresAt());
        setInstant(ps, first + 7, s.deadline());
        setJson(ps, first + 8, s.result());
        ps.setString(first + 9, Columns.text(s.error()));
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
