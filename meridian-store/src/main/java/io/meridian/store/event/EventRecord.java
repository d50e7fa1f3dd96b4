package io.meridian.store.event;

import io.meridian.model.event.EventType;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One recorded state change, as the store keeps it and the engine hands it on.
 *
 * @param sequence    store-wide, strictly increasing, without gaps between committed events (0 before the engine
 *                    assigns it, when the commit's turn comes)
 * @param type        what happened
 * @param time        when, by the engine's clock
 * @param executionId the execution it belongs to, or null (a worker, a lock, a leader)
 * @param subject     what changed: a job id, stage id, worker id, lock name, region name or node id
 * @param data        the event's details: scalar values only (strings, numbers, booleans), sorted by key
 */
public record EventRecord(long sequence, EventType type, Instant time, String executionId, String subject,
                          Map<String, Object> data) {

    public EventRecord {
        if (type == null || time == null) {
            throw new IllegalArgumentException("an event needs a type and a time");
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        if (data != null) {
            data.forEach((key, value) -> sorted.put(key, scalar(key, value)));
        }
        data = Collections.unmodifiableMap(sorted);
    }

    /** Integers become longs and decimals doubles, so that an event reads back from any store equal to itself. */
    private static Object scalar(String key, Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case Number n -> n.doubleValue();
            case null, default -> throw new IllegalArgumentException("event data " + key
                    + " must be a string, number or boolean, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        };
    }

    /** An event not yet numbered: the group committer gives it its sequence. */
    public static EventRecord unnumbered(EventType type, Instant time, String executionId, String subject,
                                         Map<String, Object> data) {
        return new EventRecord(0, type, time, executionId, subject, data);
    }

    public EventRecord numbered(long sequence) {
        return new EventRecord(sequence, type, time, executionId, subject, data);
    }
}
