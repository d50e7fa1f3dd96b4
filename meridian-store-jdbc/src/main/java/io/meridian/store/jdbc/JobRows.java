package io.meridian.store.jdbc;

import static io.meridian.store.jdbc.Columns.getJson;
import static io.meridian.store.jdbc.Columns.setJson;
import static io.meridian.store.jdbc.Columns.setText;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code jobs} table: its SQL, and mapping between rows and {@link JobRecord}s, in a dialect's types. */
public final class JobRows {

    /** What never changes after submission. */
    public static final List<String> SPEC = List.of("id", "type", "payload", "priority", "requires", "retry",
            "timeout_seconds", "execution_id", "stage_id", "item_index", "created");
    /** What every state change rewrites. */
    public static final List<String> STATE = List.of("status", "attempt", "failures", "lost_attempts",
            "not_before", "worker_id", "lease_expires_at", "deadline", "result", "error", "updated");
    /**
     * Part of the spec, but after the state: the columns were added by a schema migration, and placing them last
     * keeps the spec and state at their column numbers.
     */
    public static final List<String> PLACEMENT = List.of("placement_strategy", "affinity_key");
    private static final int FIRST_PLACEMENT = SPEC.size() + STATE.size() + 1;
    /** How many columns {@link #COLUMNS} names: a query may select more after them. */
    public static final int COLUMN_COUNT = SPEC.size() + STATE.size() + PLACEMENT.size();

    public static final String COLUMNS = String.join(", ", SPEC) + ", " + String.join(", ", STATE) + ", "
            + String.join(", ", PLACEMENT);
    public static final String SELECT = "SELECT " + COLUMNS + " FROM jobs ";
    /** {@link #COLUMNS} with a null in the payload's place: read by {@link #read} as a spec without payload. */
    public static final String COLUMNS_WITHOUT_PAYLOAD = COLUMNS.replaceFirst("\\bpayload\\b", "NULL AS payload");
    /** Rows per round trip when streaming a queue back into a new leader. */
    static final int STREAM_FETCH = 1_000;

    /** Updates only the state: a job's spec never changes, so it is neither re-serialised nor rewritten. */
    public static final String UPDATE_STATE = "UPDATE jobs SET " + String.join(" = ?, ", STATE) + " = ? WHERE id = ?";

    private final Dialect dialect;
    private final String upsert;

    public JobRows(Dialect dialect) {
        this.dialect = dialect;
        List<String> all = new ArrayList<>(SPEC);
        all.addAll(STATE);
        all.addAll(PLACEMENT);
        // on conflict only the state is replaced: the spec and creation time of a stored job are kept
        this.upsert = dialect.upsert("jobs", all, List.of("id"), STATE);
    }

    public String upsert() {
        return upsert;
    }

    public void bindUpsert(PreparedStatement ps, JobRecord job) throws SQLException {
        JobSpec spec = job.spec();
        setText(ps, 1, job.id());
        setText(ps, 2, spec.type());
        setJson(ps, 3, spec.payload());
        ps.setInt(4, spec.priority());
        setJson(ps, 5, spec.requires().equals(Requirements.NONE) ? null : spec.requires());
        setJson(ps, 6, spec.retry().equals(RetryPolicy.DEFAULT) ? null : spec.retry());
        ps.setInt(7, spec.timeoutSeconds());
        setText(ps, 8, spec.executionId());
        setText(ps, 9, spec.stageId());
        ps.setInt(10, spec.itemIndex());
        dialect.setInstant(ps, 11, job.createdAt());
        bindState(ps, SPEC.size() + 1, job.state());
        setText(ps, FIRST_PLACEMENT, spec.placementStrategy());
        setText(ps, FIRST_PLACEMENT + 1, spec.affinityKey());
    }

    /** Binds {@link #UPDATE_STATE}. */
    public void bindUpdate(PreparedStatement ps, JobRecord job) throws SQLException {
        bindState(ps, 1, job.state());
        setText(ps, 1 + STATE.size(), job.id());
    }

    private void bindState(PreparedStatement ps, int first, JobState s) throws SQLException {
        ps.setString(first, s.status().name());
        ps.setInt(first + 1, s.attempt());
        ps.setInt(first + 2, s.failures());
        ps.setInt(first + 3, s.lostAttempts());
        dialect.setInstant(ps, first + 4, s.notBefore());
        setText(ps, first + 5, s.workerId());
        dialect.setInstant(ps, first + 6, s.leaseExpiresAt());
        dialect.setInstant(ps, first + 7, s.deadline());
        setJson(ps, first + 8, s.result());
        setText(ps, first + 9, s.error());
        dialect.setInstant(ps, first + 10, s.updatedAt());
    }

    /** Ids per statement when reading payloads: well under every driver's limit on bound parameters. */
    static final int PAYLOAD_BATCH = 500;

    /**
     * The payloads of these jobs (the {@code Store#payloads} contract), by primary key, {@link #PAYLOAD_BATCH}
     * ids per statement. Plain SQL, so every dialect shares it.
     */
    public static java.util.Map<String, tools.jackson.databind.JsonNode> payloads(java.sql.Connection c,
            java.util.Collection<String> jobIds) throws SQLException {
        java.util.Map<String, tools.jackson.databind.JsonNode> found = new java.util.HashMap<>();
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(jobIds));
        for (int from = 0; from < ids.size(); from += PAYLOAD_BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PAYLOAD_BATCH));
            String sql = "SELECT id, payload FROM jobs WHERE id IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tools.jackson.databind.JsonNode payload = getJson(rs, 2);
                        if (payload != null) {
                            found.put(rs.getString(1), payload);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * The {@code Store#forEachJobWithoutPayload} contract: one ordered index range per state, fetched
     * {@link #STREAM_FETCH} rows at a time (PostgreSQL streams only inside a transaction: the caller's to open).
     */
    public void forEachWithoutPayload(java.sql.Connection c, java.util.Set<JobStatus> statuses,
                                      java.util.function.Consumer<JobRecord> each) throws SQLException {
        String sql = "SELECT " + COLUMNS_WITHOUT_PAYLOAD + " FROM jobs WHERE status = ? ORDER BY created, "
                + dialect.insertionOrder();
        for (JobStatus status : new java.util.TreeSet<>(statuses)) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(STREAM_FETCH);
                ps.setString(1, status.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(read(rs));
                    }
                }
            }
        }
    }

    /**
     * How many jobs are in each of these states (states with none left out): through the status index, only the rows
     * of those states, not the whole table.
     */
    public static java.util.Map<JobStatus, Long> countIn(java.sql.Connection c, java.util.Set<JobStatus> statuses)
            throws SQLException {
        java.util.Map<JobStatus, Long> counts = new java.util.EnumMap<>(JobStatus.class);
        if (statuses.isEmpty()) {
            return counts;
        }
        List<JobStatus> in = List.copyOf(new java.util.TreeSet<>(statuses));
        String sql = "SELECT status, count(*) FROM jobs WHERE status IN ("
                + String.join(", ", java.util.Collections.nCopies(in.size(), "?")) + ") GROUP BY status";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < in.size(); i++) {
                ps.setString(i + 1, in.get(i).name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * Requirements and retry policies as decoded before: a queue of millions holds a handful of distinct ones, and
     * parsing the same JSON for every row was half the cost of reloading a queue after a takeover. Both are immutable
     * records, so rows may share them. Bounded: cleared when it holds {@link #MAX_DECODED} texts.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> decoded = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_DECODED = 1024;

    private <T> T decoded(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        Object known = decoded.get(json);
        if (type.isInstance(known)) {
            return type.cast(known);
        }
        T value = StoreJson.MAPPER.readValue(json, type);
        if (decoded.size() >= MAX_DECODED) {
            decoded.clear();
        }
        decoded.put(json, value);
        return value;
    }

    /** Reads a row of {@link #SELECT}. */
    public JobRecord read(ResultSet rs) throws SQLException {
        JobSpec spec = new JobSpec(rs.getString(2), getJson(rs, 3), rs.getInt(4),
                decoded(rs.getString(5), Requirements.class), decoded(rs.getString(6), RetryPolicy.class), rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getInt(10), rs.getString(FIRST_PLACEMENT),
                rs.getString(FIRST_PLACEMENT + 1));
        JobState state = new JobState(JobStatus.valueOf(rs.getString(12)), rs.getInt(13), rs.getInt(14),
                rs.getInt(15), dialect.getInstant(rs, 16), rs.getString(17), dialect.getInstant(rs, 18),
                dialect.getInstant(rs, 19), getJson(rs, 20), rs.getString(21), dialect.getInstant(rs, 22));
        return new JobRecord(rs.getString(1), spec, state, dialect.getInstant(rs, 11));
    }
}
