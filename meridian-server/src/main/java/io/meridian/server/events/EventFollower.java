package io.meridian.server.events;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Follows the event log for one reader, over whatever carries it (server-sent events or a WebSocket): every event
 * after the start matching the filters, in order, then new ones as they commit. A reader that had caught up and
 * then falls {@link SubscriberLimits#maxLag} behind is told why and dropped; it resumes after the last sequence
 * it received, and misses nothing.
 */
final class EventFollower {
    /** Events per read: one page of the store at most, so a reader catching up holds little memory. */
    static final int PAGE = 500;
    /** A keep-alive this often while nothing arrives: proxies keep the stream, and a gone client is noticed. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    /** Where events go; a failed send (the client is gone) ends the follow. */
    interface Sink {
        void send(long sequence, String type, String json) throws Exception;

        /** Sends {@code e}; a sink that can use the tail's shared encodings of it overrides this. */
        default void send(EventRecord e, EventTail tail) throws Exception {
            send(e.sequence(), e.type().wireName(), tail.json(e));
        }

        /**
         * Sends a page read after {@code after} ({@code filtered}: some events between were left out); a sink that
         * can send a whole page as bytes shared with the other readers of it overrides this.
         */
        default void send(long after, EventTail.Page page, boolean filtered, EventTail tail) throws Exception {
            for (EventRecord e : page.events()) {
                send(e, tail);
            }
        }

        void keepAlive() throws Exception;

        /** Sends what {@link #send} may have buffered: called after each page of events. */
        default void flush() throws Exception {
        }

        /** The reader is dropped or the stream ends: {@code reason} says why. */
        void end(String reason) throws Exception;
    }

    private final EventTail tail;
    private final Supplier<SubscriberLimits> limits;

    EventFollower(EventTail tail, Supplier<SubscriberLimits> limits) {
        this.tail = tail;
        this.limits = limits;
    }

    /** Follows the log after {@code after}; {@code lagDropped} runs when the reader is dropped for lagging. */
    void follow(long after, Set<EventType> types, String executionId, Sink sink, Runnable lagDropped)
            throws Exception {
        long cursor = after;
        boolean caughtUp = false;
        boolean filtered = (types != null && !types.isEmpty()) || executionId != null;
        try {
            while (true) {
                EventTail.Page page = tail.read(new EventQuery(cursor, types, executionId, PAGE), KEEP_ALIVE);
                if (!page.events().isEmpty()) {
                    sink.send(cursor, page, filtered, tail);
                    sink.flush();
                }
                if (page.events().isEmpty() && page.next() == cursor) {
                    sink.keepAlive();
                }
                cursor = page.next();
                long behind = tail.lastSequence() - cursor;
                if (caughtUp && behind > limits.get().maxLag()) {
                    lagDropped.run();
                    sink.end(limits.get().lagging(behind));
                    return;
                }
                caughtUp |= behind == 0;
            }
        } catch (EventTail.Closed closed) {
            sink.end(closed.getMessage());
        }
    }
}
