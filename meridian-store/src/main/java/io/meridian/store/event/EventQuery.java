package io.meridian.store.event;

import io.meridian.model.event.EventType;
import java.util.Set;

/**
 * Events after a sequence number, oldest first, optionally of some types or one execution only.
 *
 * @param after       only events with a greater sequence (0 for all)
 * @param types       only these types; empty for every type
 * @param executionId only this execution's events; null for all
 * @param limit       at most this many (at least 1)
 */
public record EventQuery(long after, Set<EventType> types, String executionId, int limit) {

    public EventQuery {
        if (after < 0) {
            throw new IllegalArgumentException("after must be 0 or a sequence number, got " + after);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    public static EventQuery after(long sequence, int limit) {
        return new EventQuery(sequence, Set.of(), null, limit);
    }

    /** Whether {@code event} passes this query's filters (the sequence and limit aside). */
    public boolean matches(EventRecord event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (executionId == null || executionId.equals(event.executionId()));
    }
}
