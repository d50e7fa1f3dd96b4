package io.meridian.server.events;

import io.meridian.store.event.EventLog;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The recent events of the leading coordinator, shared by every reader on this server: a ring of the last
 * {@code capacity} committed events, fed by the commit thread, plus the store for anything older. Publishing
 * costs the same with one reader or a thousand (append to the ring, wake the waiting), so readers never slow the
 * engine; memory is the ring plus one page per reader, whatever the readers do.
 */
public final class EventTail implements AutoCloseable {

    /** What a read returns: the events found and the sequence up to which every event was considered. */
    public record Page(List<EventRecord> events, long next) {}

    /** The tail ended (this server stopped leading): readers reconnect, to the new leader, and resume. */
    public static final class Closed extends RuntimeException {
        Closed() {
            super("this coordinator stopped leading: reconnect and resume after the last sequence received");
        }
    }

    private final EventLog store;
    private final EventRecord[] ring;
    private final EventJson json;
    private final SharedPages pages = new SharedPages();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Sequence of the oldest event in the ring (ring empty: last + 1). */
    private long oldest;
    private long last;
    private boolean closed;

    /** {@code lastSequence}: the newest committed sequence when the tail starts (older events are in the store). */
    public EventTail(EventLog store, long lastSequence, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.store = store;
        this.ring = new EventRecord[capacity];
        this.json = new EventJson(capacity);
        this.last = lastSequence;
        this.oldest = lastSequence + 1;
    }

    /**
     * Called on the commit thread with each committed batch, in order. Events that do not continue the ring (the
     * tail was attached while the coordinator was already committing) restart it: the events before are in the
     * store, where readers find them.
     */
    public void publish(List<EventRecord> events) {
        if (events.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (events.getFirst().sequence() != last + 1) {
                oldest = events.getFirst().sequence();
            }
            for (EventRecord e : events) {
                ring[(int) (e.sequence() % ring.length)] = e;
                last = e.sequence();
            }
            oldest = Math.max(oldest, last - ring.length + 1);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The event as CloudEvent JSON, serialized once for all the readers that send it. */
    String json(EventRecord e) {
        return json.of(e);
    }

    /** The event as CloudEvent UTF-8 JSON, serialized once for all the readers and sinks that send it. */
    byte[] jsonBytes(EventRecord e) {
        return json.bytes(e);
    }

    /** The event as a server-sent event frame (UTF-8), made once for all the streams that send it. */
    byte[] sseFrame(EventRecord e) {
        return json.frame(e);
    }

    /**
     * The frames of a page read after {@code after} joined into one array, shared by every stream that reads the
     * same page; null when the page skipped events (a filtered read), whose frames are then written one by one.
     */
    byte[] ssePage(long after, Page page) {
        return pages.of(after, page.events(), json::frame);
    }

    public long lastSequence() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Events after {@code query.after()} matching its filters, at most {@code query.limit()}; when there are none
     * yet, waits up to {@code wait} for some. From the ring when it still holds the next event, else from the
     * store (one page).
     */
    public Page read(EventQuery query, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long after = query.after();
        while (true) {
            long lastCommitted;
            lock.lock();
            try {
                if (closed) {
                    throw new Closed();
                }
                lastCommitted = last;
                if (after >= last) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return new Page(List.of(), Math.max(after, 0));
                    }
                    arrived.awaitNanos(left);
                    continue;
                }
                if (after + 1 >= oldest) {
                    Page page = fromRing(query, after);
                    if (!page.events().isEmpty() || System.nanoTime() >= deadline) {
                        return page;
                    }
                    after = page.next(); // nothing matched: wait for newer events
                    continue;
                }
            } finally {
                lock.unlock();
            }
            Page page = fromStore(query, after, lastCommitted);
            if (!page.events().isEmpty() || System.nanoTime() >= deadline) {
                return page;
            }
            after = page.next();
        }
    }

    /** Under the lock, with {@code after + 1 >= oldest}. */
    private Page fromRing(EventQuery query, long after) {
        List<EventRecord> found = new ArrayList<>();
        long seq = after;
        while (seq < last && found.size() < query.limit()) {
            seq++;
            EventRecord e = ring[(int) (seq % ring.length)];
            if (query.matches(e)) {
                found.add(e);
            }
        }
        return new Page(found, seq);
    }

    private Page fromStore(EventQuery query, long after, long lastCommitted) {
        List<EventRecord> found = store.read(new EventQuery(after, query.types(), query.executionId(),
                query.limit()));
        // a short page means everything up to lastCommitted (committed before the read began) was considered
        long next = found.size() < query.limit() ? Math.max(lastCommitted, after) : found.getLast().sequence();
        return new Page(found, next);
    }

    /** Ends every read, now and later, with {@link Closed}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
