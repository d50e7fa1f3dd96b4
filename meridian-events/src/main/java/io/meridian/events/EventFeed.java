package io.meridian.events;

import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.util.List;

/**
 * The committed event log as a sink reads it: pages after a sequence, waiting a while for new events when there
 * are none yet. The server backs it with its event tail (recent events from memory, older ones from the store).
 */
public interface EventFeed {

    /** Events found, in sequence order, and the sequence up to which every event was considered. */
    record Page(List<EventRecord> events, long next) {}

    /** The feed ended for good (this coordinator stopped leading): delivery stops, the next leader resumes it. */
    final class Ended extends RuntimeException {
        public Ended(String reason) {
            super(reason);
        }
    }

    /**
     * At most {@code limit} events after {@code after}; waits up to {@code wait} when there are none yet.
     *
     * @throws Ended when the feed ended
     */
    Page read(long after, int limit, Duration wait) throws InterruptedException;

    /**
     * The event's CloudEvent as UTF-8 JSON (the message body). A feed that keeps the serialization it made for other
     * readers returns that, so each event is rendered once for every sink, not once per sink. Shared: callers must
     * not change it.
     */
    default byte[] body(EventRecord e) {
        return SinkMessage.render(e);
    }

    /** The newest committed sequence. */
    long lastSequence();
}
