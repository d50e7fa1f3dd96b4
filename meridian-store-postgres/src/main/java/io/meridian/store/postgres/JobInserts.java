package io.meridian.store.postgres;

import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.JobRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts (or upserts) many jobs in one statement: one array per column, unnested into rows. A batch of single-row
 * upserts, even rewritten by the driver into multi-row VALUES, binds 24 parameters per job and sends the statement
 * text once per 128 rows; PostgreSQL parses and plans each of those statements, and the coordinator's JDBC binding
 * was a large part of a durable enqueue of 1,000 jobs per call. Here 24 arrays carry the whole batch: one parse, one
 * plan, one executor start. Rows keep the batch order (WITH ORDINALITY), so that the {@code seq} identity orders jobs
 * created in the same instant as they were submitted. On conflict only the state is replaced, as in {@link
 * JobRows#upsert}: the spec and creation time of a stored job are kept.
 */
final class JobInserts {

    private static final List<String> COLUMNS = columns();
    private static final List<String> TYPES = List.of("text", "text", "text", "int", "text", "text", "int", "text",
            "text", "int", "timestamptz", "text", "int", "int", "int", "timestamptz", "text", "timestamptz",
            "timestamptz", "text", "text", "timestamptz", "text", "text");

    static final String UPSERT = "INSERT INTO jobs (" + String.join(", ", COLUMNS) + ") SELECT "
            + String.join(", ", COLUMNS.stream().map(c -> "v." + c).toList()) + " FROM unnest("
            + String.join(", ", TYPES.stream().map(t -> "?::" + t + "[]").toList()) + ") WITH ORDINALITY AS v("
            + String.join(", ", COLUMNS) + ", ord) ORDER BY v.ord ON CONFLICT (id) DO UPDATE SET "
            + String.join(", ", JobRows.STATE.stream().map(c -> c + " = excluded." + c).toList());

    private JobInserts() {}

    private static List<String> columns() {
        List<String> all = new ArrayList<>(JobRows.SPEC);
        all.addAll(JobRows.STATE);
        all.addAll(JobRows.PLACEMENT);
        return List.copyOf(all);
    }

    /**
     * The column text of an immutable value (requirements, a retry policy: JSON; an instant: a timestamp), computed
     * once per distinct value of the batch.
     */
    private static String once(Map<Object, String> texts, Object value) {
        if (value == null) {
            return null;
        }
        return texts.computeIfAbsent(value, v -> v instanceof java.time.Instant t ? PgColumns.instantText(t)
                : Columns.json(v));
    }

    /** Runs {@link #UPSERT} for these jobs in the caller's transaction. */
    static void upsert(Connection c, List<JobRecord> jobs) throws SQLException {
        int n = jobs.size();
        Object[][] columns = new Object[COLUMNS.size()][];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = TYPES.get(k).equals("int") ? new Integer[n] : new String[n];
        }
        // Jobs of one batch share their requirements and retry policy (interned specs) and mostly their instants
        // (one clock reading per millisecond): each distinct value is written out once per batch, not per job.
        Map<Object, String> texts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            JobRecord job = jobs.get(i);
            JobSpec spec = job.spec();
            JobState s = job.state();
            Object[] row = {Columns.text(job.id()), Columns.text(spec.type()), Columns.json(spec.payload()),
                    spec.priority(), spec.requires().equals(Requirements.NONE) ? null : once(texts, spec.requires()),
                    spec.retry().equals(RetryPolicy.DEFAULT) ? null : once(texts, spec.retry()),
                    spec.timeoutSeconds(), Columns.text(spec.executionId()), Columns.text(spec.stageId()),
                    spec.itemIndex(), once(texts, job.createdAt()),
                    s.status().name(), s.attempt(), s.failures(), s.lostAttempts(), once(texts, s.notBefore()),
                    Columns.text(s.workerId()), once(texts, s.leaseExpiresAt()),
                    once(texts, s.deadline()), Columns.json(s.result()), Columns.text(s.error()),
                    once(texts, s.updatedAt()), Columns.text(spec.placementStrategy()),
                    Columns.text(spec.affinityKey())};
            for (int k = 0; k < row.length; k++) {
                columns[k][i] = row[k];
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (int k = 0; k < columns.length; k++) {
                ps.setArray(k + 1, c.createArrayOf(columns[k] instanceof Integer[] ? "int4" : "text", columns[k]));
            }
            ps.executeUpdate();
        }
    }
}
