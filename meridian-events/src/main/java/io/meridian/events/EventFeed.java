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

    /** The newest committed sequence. */
    long lastSequence();
}
