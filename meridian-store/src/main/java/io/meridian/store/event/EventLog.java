package io.meridian.store.event;

import java.time.Instant;
import java.util.List;

/**
 * The store's outbox of events. Events are appended only by {@link io.meridian.store.StoreWrite.AppendEvents} in
 * the same commit as the state change they describe; this interface reads them and applies retention.
 */
public interface EventLog {

    /** The highest committed sequence number; 0 when no event was ever committed. Survives retention. */
    long lastSequence();

    /** Committed events matching the query, by sequence. */
    List<EventRecord> read(EventQuery query);

    /**
     * Retention: deletes at most {@code limit} events older than {@code olderThan}, oldest first, always keeping
     * the newest event so that {@link #lastSequence} never goes back. Returns how many were deleted.
     */
    long deleteOlderThan(Instant olderThan, int limit);
}
