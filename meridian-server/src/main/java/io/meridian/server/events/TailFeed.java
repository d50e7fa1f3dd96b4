package io.meridian.server.events;

import io.meridian.events.EventFeed;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Duration;

/**
 * The leader's event tail as the sinks read it: recent events from memory, older ones (a sink catching up after a
 * restart) from the store a page at a time. The tail closing (this server stops leading) ends the sinks' feed.
 */
public final class TailFeed implements EventFeed {

    private final EventTail tail;

    public TailFeed(EventTail tail) {
        this.tail = tail;
    }

    @Override
    public Page read(long after, int limit, Duration wait) throws InterruptedException {
        try {
            EventTail.Page page = tail.read(EventQuery.after(after, limit), wait);
            return new Page(page.events(), page.next());
        } catch (EventTail.Closed closed) {
            throw new Ended(closed.getMessage());
        }
    }

    /** The tail's shared serialization: the event streams and every sink send the same bytes. */
    @Override
    public byte[] body(EventRecord e) {
        return tail.jsonBytes(e);
    }

    @Override
    public long lastSequence() {
        return tail.lastSequence();
    }
}
