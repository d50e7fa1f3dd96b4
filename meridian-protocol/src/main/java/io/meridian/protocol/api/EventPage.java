package io.meridian.protocol.api;

import java.util.List;

/**
 * One page of {@code GET /v1/events}.
 *
 * @param events        the events after the requested sequence that match the filters, oldest first
 * @param next          the {@code after} for the next page: every event up to it was considered (those that did
 *                      not match the filters included), so asking after it misses nothing and repeats nothing
 * @param lastSequence  the newest sequence the server had committed when it answered
 */
public record EventPage(List<CloudEvent> events, long next, long lastSequence) {
    public EventPage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
