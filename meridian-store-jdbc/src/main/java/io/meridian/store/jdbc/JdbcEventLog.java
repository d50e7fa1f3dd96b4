package io.meridian.store.jdbc;

import io.meridian.store.event.EventLog;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Instant;
import java.util.List;

/**
 * The outbox read and trimmed through a store's own read and write paths (the write path fenced by the leader's
 * epoch where the store fences). Appending happens in {@link BatchWriter}, inside the commit it belongs to.
 */
public final class JdbcEventLog implements EventLog {

    private final EventRows rows;
    private final JdbcTokens.Access writes;
    private final JdbcTokens.Access reads;

    public JdbcEventLog(Rows rows, JdbcTokens.Access writes, JdbcTokens.Access reads) {
        this.rows = new EventRows(rows);
        this.writes = writes;
        this.reads = reads;
    }

    @Override
    public long lastSequence() {
        return reads.run("reading the last event sequence", rows::lastSequence);
    }

    @Override
    public List<EventRecord> read(EventQuery query) {
        return reads.run("reading events after " + query.after(), c -> rows.read(c, query));
    }

    @Override
    public long deleteOlderThan(Instant olderThan, int limit) {
        if (limit < 1) {
            return 0;
        }
        return writes.run("deleting old events", c -> rows.deleteOlderThan(c, olderThan, limit));
    }
}
