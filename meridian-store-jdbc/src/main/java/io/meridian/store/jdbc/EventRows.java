package io.meridian.store.jdbc;

import static io.meridian.store.jdbc.Columns.setText;

import io.meridian.model.event.EventType;
import io.meridian.store.StoreException;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} table (the outbox): appending a commit's events inside its transaction, reading them by
 * sequence, and retention. Shared by every SQL store.
 */
public final class EventRows {

    private static final String COLUMNS = "sequence, type, time, execution_id, subject, data";
    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String LAST = "SELECT max(sequence) FROM events";

    private final Dialect dialect;
    private final Queries queries;

    public EventRows(Rows rows) {
        this.dialect = rows.dialect();
        this.queries = new Queries(rows);
    }

    /**
     * Inserts {@code events} after checking that they continue the committed log by one each. Only the leader
     * appends, and its commits are serial and fenced by its epoch, so the check cannot race another appender; it
     * turns any numbering mistake (a leader that counted wrong) into a refused commit instead of a hole.
     */
    public void append(Connection c, List<EventRecord> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        long expected = lastSequence(c) + 1;
        for (EventRecord e : events) {
            if (e.sequence() != expected++) {
                throw new StoreException("rejected batch: event sequence " + e.sequence()
                        + " does not continue the log (expected " + (expected - 1) + ")");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (EventRecord e : events) {
                ps.setLong(1, e.sequence());
                ps.setString(2, e.type().wireName());
                dialect.setInstant(ps, 3, e.time());
                setText(ps, 4, e.executionId());
                setText(ps, 5, e.subject());
                Columns.setJson(ps, 6, e.data());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public long lastSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAST)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public List<EventRecord> read(Connection c, EventQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE sequence > ?");
        List<Object> params = new ArrayList<>();
        params.add(q.after());
        if (!q.types().isEmpty()) {
            sql.append(" AND type IN (").append(Columns.placeholders(q.types().size())).append(')');
            q.types().stream().map(EventType::wireName).sorted().forEach(params::add);
        }
        if (q.executionId() != null) {
            sql.append(" AND execution_id = ?");
            params.add(q.executionId());
        }
        sql.append(" ORDER BY sequence LIMIT ?");
        params.add(q.limit());
        return queries.select(c, sql.toString(), this::read, params.toArray());
    }

    /** Deletes up to {@code limit} of the oldest events older than {@code olderThan}, never the newest one. */
    public long deleteOlderThan(Connection c, Instant olderThan, int limit) throws SQLException {
        long last = lastSequence(c);
        // MariaDB refuses a DELETE that reads its own table in a subquery: the bound is selected first
        List<Long> bound = queries.select(c, "SELECT sequence FROM events WHERE sequence < ? AND time < ? "
                + "ORDER BY sequence LIMIT ?", rs -> rs.getLong(1), last, olderThan, limit);
        if (bound.isEmpty()) {
            return 0;
        }
        return queries.update(c, "DELETE FROM events WHERE sequence <= ? AND sequence < ? AND time < ?",
                bound.getLast(), last, olderThan);
    }

    @SuppressWarnings("unchecked") // a JSON object reads as a map of string keys
    private EventRecord read(ResultSet rs) throws SQLException {
        String type = rs.getString(2);
        long sequence = rs.getLong(1);
        EventType known = EventType.named(type).orElseThrow(() -> new StoreException("event "
                + sequence + " has a type this version does not know: " + type));
        String data = rs.getString(6);
        return new EventRecord(sequence, known, dialect.getInstant(rs, 3), rs.getString(4), rs.getString(5),
                data == null ? Map.of() : (Map<String, Object>) StoreJson.MAPPER.readValue(data, Map.class));
    }
}
