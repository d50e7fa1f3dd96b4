package io.meridian.store.memory;

import io.meridian.store.event.EventLog;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;

/** The in-memory store's outbox, guarded by the store's own lock so events commit with the batch they belong to. */
final class InMemoryEvents implements EventLog {

    private final TreeMap<Long, EventRecord> events = new TreeMap<>();
    private final ReadWriteLock lock;
    private long last;

    InMemoryEvents(ReadWriteLock lock) {
        this.lock = lock;
    }

    /** Under the store's write lock, after {@link BatchValidator} checked the numbering. */
    void append(List<EventRecord> batch) {
        for (EventRecord e : batch) {
            events.put(e.sequence(), e);
            last = e.sequence();
        }
    }

    /** Under the store's lock. */
    long lastUnlocked() {
        return last;
    }

    @Override
    public long lastSequence() {
        lock.readLock().lock();
        try {
            return last;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<EventRecord> read(EventQuery query) {
        lock.readLock().lock();
        try {
            List<EventRecord> found = new ArrayList<>();
            for (EventRecord e : events.tailMap(query.after(), false).values()) {
                if (query.matches(e)) {
                    found.add(e);
                    if (found.size() == query.limit()) {
                        break;
                    }
                }
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long deleteOlderThan(Instant olderThan, int limit) {
        lock.writeLock().lock();
        try {
            long deleted = 0;
            Iterator<EventRecord> it = events.values().iterator();
            while (it.hasNext() && deleted < limit) {
                EventRecord e = it.next();
                if (e.sequence() == last || !e.time().isBefore(olderThan)) {
                    break;
                }
                it.remove();
                deleted++;
            }
            return deleted;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
